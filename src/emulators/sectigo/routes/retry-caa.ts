import type * as z from 'zod';
import { CoreError } from '../../../state/errors.js';
import { caaStatusWord } from '../caa.js';
import type { Reply } from '../codec.js';
import { defineEndpoint, type SectigoCall, type SectigoEndpoint } from '../dispatch.js';
import { SectigoFailure } from '../errors.js';
import { sectigoInferred } from '../inferred.js';
import { findTarget } from '../lookup.js';
import type * as SchemaTypes from '../schemas.js';
import { sectigoSchemas } from '../schema-lib.js';

const wrongState = (reason: string) => new SectigoFailure(-296, undefined, reason);

/**
 * Checks the CAA records of a certificate in PRE-SIGN FAILED (CAA) again, as Sectigo's
 * !RetryCAACheck does: it issues if the records allow it now, else stays PRE-SIGN FAILED with the
 * new check noted. Any other state is -296 "Wrong certificate state".
 */
async function retryCaaCheck(call: SectigoCall<z.infer<typeof SchemaTypes.retryCaaCheckForm>>): Promise<Reply> {
  const { ctx, form } = call;
  const { order, certificate } = await findTarget(ctx, call.account!, form, ['certificateID', 'orderNumber']);
  if (order.state !== 'open' || !caaStatusWord(certificate)) throw wrongState(`the certificate is ${certificate.status}, not PRE-SIGN FAILED by CAA`);
  const now = ctx.clock.nowMs();
  const last = certificate.meta.caaRetryAt;
  if (typeof last === 'number' && now - last < sectigoInferred.caaRetryIntervalMs) {
    throw new SectigoFailure(-42, undefined, `one RetryCAACheck per certificate per ${sectigoInferred.caaRetryIntervalMs / 60_000} minutes (the last at ${new Date(last).toISOString()})`);
  }
  ctx.store.update('certificates', certificate.id, { meta: { ...certificate.meta, caaRetryAt: now } });
  try {
    await ctx.core.retryCaaCheck(order, ctx.store.certificate(certificate.id)!, 'RetryCAACheck');
  } catch (e) {
    // A concurrent call issued or changed the certificate first.
    if (e instanceof CoreError) throw wrongState(e.message);
    throw e;
  }
  return { code: 0, fields: [['errorMessage', 'CAA Check successfully relaunched']] };
}

export const retryCaaEndpoints: SectigoEndpoint[] = [
  defineEndpoint({
    name: 'RetryCAACheck',
    summary: 'Check the CAA records of a certificate in PRE-SIGN FAILED (CAA) again; it is issued if they allow it now.',
    form: () => sectigoSchemas().retryCaaCheckForm,
    handle: retryCaaCheck,
  }),
];

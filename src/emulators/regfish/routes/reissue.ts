import { param } from '../../operation-router.js';
import { CoreError } from '../../../state/errors.js';
import { isDnsName, uniqueNames } from '../../domain-names.js';
import { regfishValidations } from '../dcv.js';
import type { RegfishRoutes } from '../env.js';
import { findOrder, findOrganization } from '../lookup.js';
import { presentCertificate } from '../presenters.js';
import { ok, parseBody, RegfishFailure } from '../respond.js';
import { parseRegfishCsr } from './certificates.js';
import { regfishAnswerSchemas, regfishSchemas } from '../schema-lib.js';

const sameNames = (a: string[], b: string[]) => {
  const x = uniqueNames(a).sort();
  const y = uniqueNames(b).sort();
  return x.length === y.length && x.every((n, i) => n === y[i]);
};

const dayMs = 86_400_000;

export const reissueRoutes: RegfishRoutes = (app, ctx) => {
  app.post('regfish.reissue', '/tls/certificate/:certificate_id/reissue', async (c) => {
    const body = await parseBody(c, ctx.config.maxBodyBytes, regfishSchemas().reissueCertificateSchema, 'invalidCertificateRequest');
    const order = await ctx.core.refresh(findOrder(ctx, c, param(c, 'certificate_id')));
    if (body.dns_names && !sameNames(body.dns_names, order.dnsNames)) {
      throw new RegfishFailure('invalidCertificateRequest', 'dns_names: must match the current SAN list exactly');
    }
    const names = uniqueNames([order.commonName, ...order.dnsNames]);
    const commonName = body.common_name?.toLowerCase().replace(/\.$/, '') ?? order.commonName;
    if (!isDnsName(commonName, { wildcard: true }) || !names.includes(commonName)) {
      throw new RegfishFailure('invalidCertificateRequest', `common_name: '${commonName}' is not one of the order's names`);
    }
    const csr = await parseRegfishCsr(ctx, body.csr);
    const remainingDays = Math.max(1, Math.floor((order.contractUntil - ctx.clock.nowMs()) / dayMs));
    const validityDays = body.validity_days ? Math.min(body.validity_days, remainingDays) : undefined;
    const reissueNumber = ctx.core.certificates(order).filter((x) => x.kind === 'reissue').length + 1;
    try {
      await ctx.core.addReissue(order, {
        publicId: String(reissueNumber),
        kind: 'reissue',
        csr,
        commonName,
        validityDays,
        meta: { dcvMethod: body.dcv_method, comments: body.comments ?? null },
        validations: regfishValidations(ctx.rng, names, body.dcv_method),
        cause: body.comments ? `reissue: ${body.comments}` : 'reissue',
      });
    } catch (e) {
      if (e instanceof CoreError && (e.problem.kind === 'conflict' || e.problem.kind === 'illegal_transition')) {
        throw new RegfishFailure('reissueConflict', e.message);
      }
      throw e;
    }
    return ok(c, presentCertificate(ctx.core, ctx.store.order(order.id)!));
  }, () => ({ summary: 'Reissue a certificate with a new CSR (same SANs)', body: regfishSchemas().reissueCertificateSchema, response: regfishAnswerSchemas().regfishAnswers['regfish.reissue'] }));

  app.post('regfish.complete', '/tls/certificate/:certificate_id/complete', async (c) => {
    const body = await parseBody(c, ctx.config.maxBodyBytes, regfishSchemas().completeCertificateSchema, 'invalidCertificateRequest');
    const order = findOrder(ctx, c, param(c, 'certificate_id'));
    const org = findOrganization(ctx, c, body.org_id);
    if (order.state !== 'staged') throw new RegfishFailure('completeConflict', `the order is ${order.state}`);
    if (!org.usable) throw new RegfishFailure('organizationNotUsable', `organization ${org.publicId} is ${org.status}`);
    const opened = await ctx.core.openOrder(order, { organizationId: org.id }, `completed with organization ${org.publicId}`);
    return ok(c, presentCertificate(ctx.core, opened));
  }, () => ({ summary: 'Complete a staged OV order with a usable organization', body: regfishSchemas().completeCertificateSchema, response: regfishAnswerSchemas().regfishAnswers['regfish.complete'] }));
};

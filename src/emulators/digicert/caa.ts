import type { EmulatorContext } from '../../context.js';
import { caaBlockOf, type CaaRules } from '../../state/caa.js';
import type { Order } from '../../state/model.js';
import { digicertInferred } from './inferred.js';

/**
 * The issuer names that authorize DigiCert and its brands in a CAA record (DigiCert's "DNS CAA
 * resource record check" page and knowledge base article SO28344: digicert.com covers every brand).
 */
export const digicertCaaIdentities = ['digicert.com', 'www.digicert.com', 'symantec.com', 'thawte.com', 'geotrust.com', 'rapidssl.com'] as const;

export const digicertCaa: CaaRules = { identities: digicertCaaIdentities, refuseInRequest: digicertInferred.caaRefusedInRequest };

/** `caa_status_message` of a pending order: per name, the failed check the core noted, else the Glossary's not-run status. */
export function caaStatusMessage(ctx: EmulatorContext, order: Order, names: readonly string[]): Record<string, string> {
  const block = caaBlockOf(ctx.core.current(order).meta);
  return Object.fromEntries(
    names.map((n) => {
      const failed = block?.blocked.find((b) => b.name === n.toLowerCase());
      return [n, failed ? `${digicertInferred.caaFailedMessage}: ${failed.reason}` : digicertInferred.caaStatusMessage];
    }),
  );
}

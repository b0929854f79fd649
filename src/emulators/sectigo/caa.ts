import { caaBlockOf, type CaaRules } from '../../state/caa.js';
import type { Certificate } from '../../state/model.js';
import { sectigoInferred } from './inferred.js';

/**
 * Sectigo meets CAA at signing: the order is accepted, and a blocked certificate sits in the state
 * its push notifications document as statusCode 3, "PRE-SIGN FAILED: reason" (e.g. "CAA: Not
 * authorized to issue"), until the records allow it (RetryCAACheck rechecks such orders).
 */
export const sectigoCaa: CaaRules = { identities: sectigoInferred.caaIdentities, refuseInRequest: false };

/** The documented status words of a certificate that CAA blocked. */
export const caaFailedStatus = 'PRE-SIGN FAILED: CAA: Not authorized to issue';

/** The certificate status word when CAA blocked its signing, else undefined. */
export const caaStatusWord = (cert: Certificate): string | undefined => (cert.status === 'pending' && caaBlockOf(cert.meta) ? caaFailedStatus : undefined);

import { caaBlockOf, type CaaRules } from '../../state/caa.js';
import type { Certificate } from '../../state/model.js';
import { sectigoInferred } from './inferred.js';

/**
 * Sectigo meets CAA at signing: the order is accepted, and a blocked certificate sits in the state
 * its push notifications document as statusCode 3, "PRE-SIGN FAILED: reason" (e.g. "CAA: Not
 * authorized to issue"), until !RetryCAACheck finds records that allow it.
 */
export const sectigoCaa: CaaRules = { identities: sectigoInferred.caaIdentities, refuseInRequest: false, recheckOnRequest: true };

/** The documented status words of a certificate that CAA blocked. */
export const caaFailedStatus = 'PRE-SIGN FAILED: CAA: Not authorized to issue';

/** The certificate status word when CAA blocked its signing, else undefined. */
export const caaStatusWord = (cert: Certificate): string | undefined => (cert.status === 'pending' && caaBlockOf(cert.meta) ? caaFailedStatus : undefined);

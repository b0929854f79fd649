import type { CaaRules } from '../../state/caa.js';
import { regfishInferred } from './inferred.js';

/** Regfish sells DigiCert brands only (its product catalogue: `ca: "digicert"`), so DigiCert's CAA identities decide. */
export const regfishCaa: CaaRules = { identities: regfishInferred.caaIdentities, refuseInRequest: true };

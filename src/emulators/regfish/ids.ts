import type { Rng } from '../../state/rng.js';

/** Public IDs look like the documented ones: 13 upper-case characters, organizations `hdl_` + 13. */
const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

export const newCertificateId = (rng: Rng): string => rng.string(alphabet, 13);
export const newOrganizationId = (rng: Rng): string => `hdl_${rng.string(alphabet, 13)}`;

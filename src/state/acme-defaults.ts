import { acmeInferred } from '../emulators/acme/inferred.js';

/** The product an EAB key orders when its fixture or its creator names none. */
export const acmeDefaultProducts = {
  digicert: acmeInferred.digicert.defaultProduct,
  sectigo: acmeInferred.sectigo.defaultProduct,
} as const;

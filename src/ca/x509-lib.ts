// @peculiar/x509 for code that needs it synchronously, during a request rather than at start.
// Here the library is imported at once; in the CLI bundle, scripts/bundle.js replaces this module
// with one that requires it on the first call, so a start does not evaluate it and its ASN.1
// schemas (about 12 ms).
import { x509 } from './x509.js';

export const x509Lib = (): typeof x509 => x509;

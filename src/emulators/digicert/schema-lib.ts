// DigiCert's zod schemas for the routes, which use them during a request (validation) or when the
// OpenAPI document is built, never at start. Here they are imported at once; in the CLI bundle,
// scripts/bundle.js replaces this module with one that requires them on the first call, so a start
// does not build them.
import * as responses from './responses.js';
import * as schemas from './schemas.js';

export const digicertSchemas = (): typeof schemas => schemas;
export const digicertResponses = (): typeof responses => responses;

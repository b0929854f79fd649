// Regfish's zod schemas for the routes, which use them during a request (validation) or when the
// OpenAPI document is built, never at start. Here they are imported at once; in the CLI bundle,
// scripts/bundle.js replaces this module with one that requires them on the first call, so a start
// does not build them.
import * as answers from './response-schemas.js';
import * as schemas from './schemas.js';

export const regfishSchemas = (): typeof schemas => schemas;
export const regfishAnswerSchemas = (): typeof answers => answers;

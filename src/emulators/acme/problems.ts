/**
 * The ACME error types of RFC 8555 §6.7 (and RFC 9773's ARI), one entry each with its HTTP status,
 * like Pebble's acme/problems.go. Answered as RFC 7807 problem documents.
 */
export const acmeProblems = {
  accountDoesNotExist: 400,
  alreadyRevoked: 400,
  badCSR: 400,
  badNonce: 400,
  badPublicKey: 400,
  badRevocationReason: 400,
  badSignatureAlgorithm: 400,
  caa: 403,
  compound: 403,
  connection: 400,
  dns: 400,
  externalAccountRequired: 400,
  incorrectResponse: 403,
  invalidContact: 400,
  malformed: 400,
  orderNotReady: 403,
  rateLimited: 429,
  rejectedIdentifier: 400,
  serverInternal: 500,
  tls: 400,
  unauthorized: 403,
  unsupportedContact: 400,
  unsupportedIdentifier: 400,
  userActionRequired: 403,
} as const satisfies Record<string, number>;

export type AcmeProblemType = keyof typeof acmeProblems;

export interface ProblemDocument {
  type: string;
  detail: string;
  status: number;
  subproblems?: ProblemDocument[];
}

/** Raised anywhere in the ACME front end; the app turns it into a problem document. */
export class AcmeProblem extends Error {
  constructor(
    readonly problem: AcmeProblemType,
    detail: string,
    /** Overrides the type's status (404 and 405 are `malformed` with another status, as in Pebble). */
    readonly status: number = acmeProblems[problem],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  get document(): ProblemDocument {
    return { type: problemUrn(this.problem), detail: this.message, status: this.status };
  }
}

export const problemUrn = (type: AcmeProblemType): string => `urn:ietf:params:acme:error:${type}`;

export const isProblemType = (name: string): name is AcmeProblemType => Object.hasOwn(acmeProblems, name);

export const problemContentType = 'application/problem+json';

/** Named problems a scenario can answer with, e.g. `digicert:acme:badNonce` (details are the emulator's). */
export const scriptedDetails: Partial<Record<AcmeProblemType, string>> = {
  badNonce: 'JWS has an invalid anti-replay nonce',
  rateLimited: 'too many requests (scenario), retry later',
  serverInternal: 'the server had a problem (scenario)',
};

export const notFound = (what: string): AcmeProblem => new AcmeProblem('malformed', `${what} not found`, 404);

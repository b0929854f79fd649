import type { ProblemDocument } from './problems.js';

/** An ACME identifier; only `dns` is offered (RFC 8555 §9.7.7). */
export interface Identifier {
  type: 'dns';
  value: string;
}

export type ChallengeType = 'http-01' | 'dns-01' | 'tls-alpn-01';

export interface AcmeAccount {
  id: string;
  /** The vendor account (core `accounts` row) the EAB key belongs to. */
  accountId: number;
  eabKid: string;
  jwk: Record<string, unknown>;
  thumbprint: string;
  status: 'valid' | 'deactivated' | 'revoked';
  contact: string[];
  termsOfServiceAgreed: boolean;
  createdAt: number;
}

export interface AcmeChallenge {
  type: ChallengeType;
  token: string;
  status: 'pending' | 'processing' | 'valid' | 'invalid';
  validated?: number;
  error?: ProblemDocument;
}

export interface AcmeAuthz {
  id: string;
  account: string;
  order: string;
  identifier: Identifier;
  wildcard: boolean;
  status: 'pending' | 'valid' | 'invalid' | 'deactivated' | 'expired' | 'revoked';
  expires: number;
  challenges: AcmeChallenge[];
}

export interface AcmeOrder {
  /** The vendor's order number, drawn at newOrder: scenarios naming the order find the core order by it. */
  id: string;
  /** The vendor's certificate id, drawn with the order number. */
  certificatePublicId: string;
  account: string;
  /** The product of the EAB key the account was bound with. */
  product: string;
  identifiers: Identifier[];
  authorizations: string[];
  expires: number;
  notBefore?: string;
  notAfter?: string;
  /** Set by finalize: from then on the order is a normal order of the vendor account. */
  coreOrderId: number | null;
  /** The certificate (core id) finalize asked for. */
  certificateId: number | null;
  error: ProblemDocument | null;
  /** ARI (RFC 9773): the certID of the certificate this order replaces. */
  replaces?: string;
  createdAt: number;
}

/** ACME status of an order (RFC 8555 §7.1.6), derived from its authorizations or its core certificate. */
export type OrderStatus = 'pending' | 'ready' | 'processing' | 'valid' | 'invalid';

import type { ValidationLevel } from '../ca/names.js';

export type Vendor = 'regfish' | 'digicert' | 'sectigo';
export const vendors: readonly Vendor[] = ['regfish', 'digicert', 'sectigo'];

/** Core certificate lifecycle; each vendor maps it onto its own status words. */
export type CertificateStatus = 'pending' | 'issued' | 'replaced' | 'revoked' | 'rejected' | 'expired';

/**
 * Order-level state around the certificates: `staged` waits for an organization (Regfish OV),
 * `awaiting_approval` for an approver (DigiCert), `open` is live, `cancelled` is closed for good.
 */
export type OrderState = 'staged' | 'awaiting_approval' | 'open' | 'cancelled';

export type CertificateKind = 'original' | 'reissue' | 'duplicate';
export type CertificateProfile = 'server' | 'document-signing';

export type Json = Record<string, unknown>;

export interface Account {
  id: number;
  vendor: Vendor;
  name: string;
  apiKey: string | null;
  login: string | null;
  password: string | null;
  permissions: 'all' | 'read';
  profile: Json;
}

export interface Organization {
  id: number;
  accountId: number;
  publicId: string;
  name: string;
  status: string;
  usable: boolean;
  details: Json;
  createdAt: number;
  updatedAt: number;
}

export interface Order {
  id: number;
  accountId: number;
  vendor: Vendor;
  publicId: string;
  product: string;
  level: ValidationLevel;
  commonName: string;
  dnsNames: string[];
  validityDays: number;
  contractFrom: number;
  contractUntil: number;
  dcvMethod: string;
  state: OrderState;
  policy: string;
  organizationId: number | null;
  renewalOf: number | null;
  test: boolean;
  meta: Json;
  createdAt: number;
  updatedAt: number;
}

export interface Certificate {
  id: number;
  orderId: number;
  publicId: string;
  kind: CertificateKind;
  status: CertificateStatus;
  csr: string;
  commonName: string;
  dnsNames: string[];
  validityDays: number;
  profile: CertificateProfile;
  serial: string | null;
  pem: string | null;
  notBefore: number | null;
  notAfter: number | null;
  polls: number;
  requestedAt: number;
  issuedAt: number | null;
  revokedAt: number | null;
  revocationReason: number | null;
  revocationComment: string | null;
  meta: Json;
  updatedAt: number;
}

export type ValidationStatus = 'pending' | 'valid';

/** What proves control of a domain: a DNS record, an HTTP file, or an approval (email link, control API). */
export type ValidationProof =
  | { type: 'dns'; rrtype: 'CNAME' | 'TXT'; name: string; value: string }
  | { type: 'http'; url: string; content: string }
  | { type: 'email' }
  | { type: 'manual' };

export interface Validation {
  id: number;
  orderId: number;
  certificateId: number;
  domain: string;
  method: string;
  token: string;
  tokenExpires: number | null;
  proof: ValidationProof;
  emails: string[];
  status: ValidationStatus;
  validatedAt: number | null;
}

export interface OrderEvent {
  id: number;
  orderId: number;
  certificateId: number | null;
  at: number;
  subject: 'order' | 'certificate' | 'validation' | 'approval';
  fromStatus: string | null;
  toStatus: string;
  cause: string;
}

export type ApprovalKind = 'new_request' | 'reissue' | 'duplicate' | 'revoke';
export type ApprovalStatus = 'pending' | 'approved' | 'rejected';

export interface Approval {
  id: number;
  orderId: number;
  certificateId: number | null;
  publicId: string;
  kind: ApprovalKind;
  status: ApprovalStatus;
  comments: string | null;
  processorComment: string | null;
  payload: Json;
  createdAt: number;
  processedAt: number | null;
}

export interface DnsRecord {
  id: number;
  accountId: number | null;
  name: string;
  type: string;
  data: string;
  ttl: number;
  annotation: string | null;
  auto: boolean;
  /** MX and SRV preference; SRV weight and port; CAA flags and tag (null where the type has none). */
  priority: number | null;
  weight: number | null;
  port: number | null;
  flags: number | null;
  tag: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface OutboxMessage {
  id: number;
  accountId: number | null;
  orderId: number | null;
  kind: string;
  to: string;
  subject: string;
  body: string;
  link: string | null;
  token: string | null;
  createdAt: number;
  usedAt: number | null;
}

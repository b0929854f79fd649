import type {
  Account,
  Approval,
  Certificate,
  DnsRecord,
  Json,
  Order,
  Organization,
  OrderEvent,
  OutboxMessage,
  Validation,
} from './model.js';

/** Row <-> object mapping: snake_case columns, JSON text columns, 0/1 booleans. */
type Row = Record<string, unknown>;

const parse = <T>(text: unknown, fallback: T): T => (typeof text === 'string' ? (JSON.parse(text) as T) : fallback);

export const toAccount = (r: Row): Account => ({
  id: r.id as number,
  vendor: r.vendor as Account['vendor'],
  name: r.name as string,
  apiKey: (r.api_key as string) ?? null,
  login: (r.login as string) ?? null,
  password: (r.password as string) ?? null,
  permissions: r.permissions as Account['permissions'],
  profile: parse<Json>(r.profile, {}),
});

export const toOrganization = (r: Row): Organization => ({
  id: r.id as number,
  accountId: r.account_id as number,
  publicId: r.public_id as string,
  name: r.name as string,
  status: r.status as string,
  usable: r.usable === 1,
  details: parse<Json>(r.details, {}),
  createdAt: r.created_at as number,
  updatedAt: r.updated_at as number,
});

export const toOrder = (r: Row): Order => ({
  id: r.id as number,
  accountId: r.account_id as number,
  vendor: r.vendor as Order['vendor'],
  publicId: r.public_id as string,
  product: r.product as string,
  level: r.level as Order['level'],
  commonName: r.common_name as string,
  dnsNames: parse<string[]>(r.dns_names, []),
  validityDays: r.validity_days as number,
  contractFrom: r.contract_from as number,
  contractUntil: r.contract_until as number,
  dcvMethod: r.dcv_method as string,
  state: r.state as Order['state'],
  policy: r.policy as string,
  organizationId: (r.organization_id as number) ?? null,
  renewalOf: (r.renewal_of as number) ?? null,
  test: r.test === 1,
  meta: parse<Json>(r.meta, {}),
  createdAt: r.created_at as number,
  updatedAt: r.updated_at as number,
});

export const toCertificate = (r: Row): Certificate => ({
  id: r.id as number,
  orderId: r.order_id as number,
  publicId: r.public_id as string,
  kind: r.kind as Certificate['kind'],
  status: r.status as Certificate['status'],
  csr: r.csr as string,
  commonName: r.common_name as string,
  dnsNames: parse<string[]>(r.dns_names, []),
  validityDays: r.validity_days as number,
  profile: r.profile as Certificate['profile'],
  serial: (r.serial as string) ?? null,
  pem: (r.pem as string) ?? null,
  notBefore: (r.not_before as number) ?? null,
  notAfter: (r.not_after as number) ?? null,
  polls: r.polls as number,
  requestedAt: r.requested_at as number,
  issuedAt: (r.issued_at as number) ?? null,
  revokedAt: (r.revoked_at as number) ?? null,
  revocationReason: (r.revocation_reason as number) ?? null,
  revocationComment: (r.revocation_comment as string) ?? null,
  meta: parse<Json>(r.meta, {}),
  updatedAt: r.updated_at as number,
});

export const toValidation = (r: Row): Validation => ({
  id: r.id as number,
  orderId: r.order_id as number,
  certificateId: r.certificate_id as number,
  domain: r.domain as string,
  method: r.method as string,
  token: r.token as string,
  tokenExpires: (r.token_expires as number) ?? null,
  proof: parse<Validation['proof']>(r.proof, { type: 'manual' }),
  emails: parse<string[]>(r.emails, []),
  status: r.status as Validation['status'],
  validatedAt: (r.validated_at as number) ?? null,
});

export const toEvent = (r: Row): OrderEvent => ({
  id: r.id as number,
  orderId: r.order_id as number,
  certificateId: (r.certificate_id as number) ?? null,
  at: r.at as number,
  subject: r.subject as OrderEvent['subject'],
  fromStatus: (r.from_status as string) ?? null,
  toStatus: r.to_status as string,
  cause: r.cause as string,
});

export const toApproval = (r: Row): Approval => ({
  id: r.id as number,
  orderId: r.order_id as number,
  certificateId: (r.certificate_id as number) ?? null,
  publicId: r.public_id as string,
  kind: r.kind as Approval['kind'],
  status: r.status as Approval['status'],
  comments: (r.comments as string) ?? null,
  processorComment: (r.processor_comment as string) ?? null,
  payload: parse<Json>(r.payload, {}),
  createdAt: r.created_at as number,
  processedAt: (r.processed_at as number) ?? null,
});

export const toDnsRecord = (r: Row): DnsRecord => ({
  id: r.id as number,
  accountId: (r.account_id as number) ?? null,
  name: r.name as string,
  type: r.type as string,
  data: r.data as string,
  ttl: r.ttl as number,
  annotation: (r.annotation as string) ?? null,
  auto: r.auto === 1,
  priority: (r.priority as number) ?? null,
  weight: (r.weight as number) ?? null,
  port: (r.port as number) ?? null,
  flags: (r.flags as number) ?? null,
  tag: (r.tag as string) ?? null,
  createdAt: r.created_at as number,
  updatedAt: r.updated_at as number,
});

export const toOutbox = (r: Row): OutboxMessage => ({
  id: r.id as number,
  accountId: (r.account_id as number) ?? null,
  orderId: (r.order_id as number) ?? null,
  kind: r.kind as string,
  to: r.to_address as string,
  subject: r.subject as string,
  body: r.body as string,
  link: (r.link as string) ?? null,
  token: (r.token as string) ?? null,
  createdAt: r.created_at as number,
  usedAt: (r.used_at as number) ?? null,
});

/** Column name of each camelCase field seen so far (a few dozen: one per field of the model). */
const columnNames = new Map<string, string>();
const columnOf = (key: string): string => {
  let column = columnNames.get(key);
  if (column === undefined) {
    column = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    if (columnNames.size < 1024) columnNames.set(key, column);
  }
  return column;
};

/** camelCase object -> column/value pairs for INSERT and UPDATE; objects and arrays become JSON. */
export function toColumns(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in values) {
    const value = values[key];
    if (value === undefined) continue;
    const column = columnOf(key);
    out[column] =
      typeof value === 'boolean' ? (value ? 1 : 0) : value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
  }
  return out;
}

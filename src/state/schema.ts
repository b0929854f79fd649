/** The SQLite schema. Bump `schemaVersion` and append a migration when it changes. */
export const schemaVersion = 1;

export const tables = [
  'accounts',
  'organizations',
  'orders',
  'certificates',
  'validations',
  'events',
  'approvals',
  'dns_records',
  'outbox',
  'eab_keys',
  'acme_objects',
] as const;

export const schemaSql = `
CREATE TABLE IF NOT EXISTS accounts (
  id INTEGER PRIMARY KEY,
  vendor TEXT NOT NULL,
  name TEXT NOT NULL,
  api_key TEXT,
  login TEXT,
  password TEXT,
  permissions TEXT NOT NULL DEFAULT 'all',
  profile TEXT NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX IF NOT EXISTS accounts_api_key ON accounts(vendor, api_key);
CREATE UNIQUE INDEX IF NOT EXISTS accounts_login ON accounts(vendor, login);

CREATE TABLE IF NOT EXISTS organizations (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  public_id TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  usable INTEGER NOT NULL DEFAULT 1,
  details TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS organizations_account ON organizations(account_id, public_id);

CREATE TABLE IF NOT EXISTS orders (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  vendor TEXT NOT NULL,
  public_id TEXT NOT NULL,
  product TEXT NOT NULL,
  level TEXT NOT NULL,
  common_name TEXT NOT NULL,
  dns_names TEXT NOT NULL,
  validity_days INTEGER NOT NULL,
  contract_from INTEGER NOT NULL,
  contract_until INTEGER NOT NULL,
  dcv_method TEXT NOT NULL,
  state TEXT NOT NULL,
  policy TEXT NOT NULL,
  organization_id INTEGER,
  renewal_of INTEGER,
  test INTEGER NOT NULL DEFAULT 0,
  meta TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS orders_public_id ON orders(vendor, public_id);
CREATE INDEX IF NOT EXISTS orders_account ON orders(account_id, id);
CREATE INDEX IF NOT EXISTS orders_vendor ON orders(vendor, id);

CREATE TABLE IF NOT EXISTS certificates (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders(id),
  public_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  csr TEXT NOT NULL,
  common_name TEXT NOT NULL,
  dns_names TEXT NOT NULL,
  validity_days INTEGER NOT NULL,
  profile TEXT NOT NULL DEFAULT 'server',
  serial TEXT,
  pem TEXT,
  not_before INTEGER,
  not_after INTEGER,
  polls INTEGER NOT NULL DEFAULT 0,
  requested_at INTEGER NOT NULL,
  issued_at INTEGER,
  revoked_at INTEGER,
  revocation_reason INTEGER,
  revocation_comment TEXT,
  meta TEXT NOT NULL DEFAULT '{}',
  updated_at INTEGER NOT NULL,
  -- SHA-1 of the DER when pem is set (store.ts keeps it; thumbprint-column.ts adds it to older stores)
  thumbprint TEXT
);
CREATE INDEX IF NOT EXISTS certificates_order ON certificates(order_id, id);
CREATE UNIQUE INDEX IF NOT EXISTS certificates_serial ON certificates(serial);
CREATE INDEX IF NOT EXISTS certificates_public_id ON certificates(public_id);
-- the console's listings: newest request first, per profile and per kind (paging.ts)
CREATE INDEX IF NOT EXISTS certificates_listing ON certificates(profile, requested_at, id);
CREATE INDEX IF NOT EXISTS certificates_kind_listing ON certificates(kind, profile, requested_at, id);

CREATE TABLE IF NOT EXISTS validations (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders(id),
  certificate_id INTEGER NOT NULL REFERENCES certificates(id),
  domain TEXT NOT NULL,
  method TEXT NOT NULL,
  token TEXT NOT NULL,
  token_expires INTEGER,
  proof TEXT NOT NULL DEFAULT '{}',
  emails TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL,
  validated_at INTEGER
);
CREATE INDEX IF NOT EXISTS validations_certificate ON validations(certificate_id);
CREATE INDEX IF NOT EXISTS validations_order ON validations(order_id);

CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL,
  certificate_id INTEGER,
  at INTEGER NOT NULL,
  subject TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  cause TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_order ON events(order_id, id);
CREATE INDEX IF NOT EXISTS events_at ON events(at);

CREATE TABLE IF NOT EXISTS approvals (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders(id),
  certificate_id INTEGER,
  public_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  comments TEXT,
  processor_comment TEXT,
  payload TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  processed_at INTEGER
);
CREATE INDEX IF NOT EXISTS approvals_order ON approvals(order_id);
CREATE INDEX IF NOT EXISTS approvals_public_id ON approvals(public_id);

-- dns_records and its indexes: dns-schema.ts (created, or rebuilt from an older shape, at every open)

CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY,
  account_id INTEGER,
  order_id INTEGER,
  kind TEXT NOT NULL,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  link TEXT,
  token TEXT,
  created_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE INDEX IF NOT EXISTS outbox_token ON outbox(token);
CREATE INDEX IF NOT EXISTS outbox_order ON outbox(order_id, id);
CREATE INDEX IF NOT EXISTS outbox_account ON outbox(account_id, id);

-- ACME: External Account Binding keys of vendor accounts, and the protocol's own objects
-- (account, order, authorization) as JSON, found by public id or by one lookup value
CREATE TABLE IF NOT EXISTS eab_keys (
  id INTEGER PRIMARY KEY,
  vendor TEXT NOT NULL,
  account_id INTEGER NOT NULL,
  kid TEXT NOT NULL,
  hmac TEXT NOT NULL,
  product TEXT NOT NULL,
  label TEXT,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS eab_keys_kid ON eab_keys(vendor, kid);
CREATE TABLE IF NOT EXISTS acme_objects (
  id INTEGER PRIMARY KEY,
  vendor TEXT NOT NULL,
  kind TEXT NOT NULL,
  public_id TEXT NOT NULL,
  lookup TEXT,
  data TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS acme_objects_public_id ON acme_objects(vendor, kind, public_id);
CREATE INDEX IF NOT EXISTS acme_objects_lookup ON acme_objects(vendor, kind, lookup);

CREATE TABLE IF NOT EXISTS settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

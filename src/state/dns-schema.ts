import type { Db } from './db.js';

/**
 * The emulated DNS zone table. `AUTOINCREMENT` because Regfish record ids are never handed out
 * twice: without it SQLite reuses the highest id once that record is deleted (and a client that
 * still holds the old id would patch someone else's record). The type-specific fields (MX and SRV
 * priority, SRV weight and port, CAA flags and tag) are columns, as the answers carry them.
 */
const dnsRecordsTable = `
CREATE TABLE dns_records (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id INTEGER,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  ttl INTEGER NOT NULL,
  annotation TEXT,
  auto INTEGER NOT NULL DEFAULT 0,
  priority INTEGER,
  weight INTEGER,
  port INTEGER,
  flags INTEGER,
  tag TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
)`;

const indexes = [
  'CREATE INDEX IF NOT EXISTS dns_records_name ON dns_records(name, type)',
  'CREATE INDEX IF NOT EXISTS dns_records_account ON dns_records(account_id, name)',
  'CREATE INDEX IF NOT EXISTS dns_records_listing ON dns_records(name, id)',
];

const keptColumns = ['id', 'account_id', 'name', 'type', 'data', 'ttl', 'annotation', 'auto', 'created_at', 'updated_at'];

/**
 * Brings `dns_records` to the shape above: a table from an older mockca (or the plain one the base
 * schema creates) is rebuilt with its rows and ids kept. Idempotent; runs at every open.
 */
export function migrateDnsRecords(db: Db): void {
  const row = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'dns_records'").get() as { sql: string } | undefined;
  const current = row?.sql ?? '';
  if (!/AUTOINCREMENT/i.test(current) || !/\btag\b/.test(current)) {
    db.transaction(() => {
      if (row) db.exec('ALTER TABLE dns_records RENAME TO dns_records_before_migration');
      db.exec(dnsRecordsTable);
      if (row) {
        const columns = keptColumns.join(', ');
        db.exec(`INSERT INTO dns_records (${columns}) SELECT ${columns} FROM dns_records_before_migration`);
        db.exec('DROP TABLE dns_records_before_migration');
      }
    })();
  }
  for (const sql of indexes) db.exec(sql);
}

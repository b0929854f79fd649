import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrateDnsRecords } from './dns-schema.js';
import { schemaSql, schemaVersion } from './schema.js';

export type Db = Database.Database;

/**
 * Opens the store: in memory by default, or `mockca.sqlite` under the data directory in WAL mode,
 * where a write that was answered survives a crash of the process.
 */
export function openDatabase(dataDir?: string): Db {
  let db: Db;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    db = new Database(join(dataDir, 'mockca.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
  } else {
    db = new Database(':memory:');
  }
  db.pragma('foreign_keys = OFF');
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > schemaVersion) throw new Error(`the data directory was written by a newer mockca (schema ${current})`);
  db.exec(schemaSql);
  migrateDnsRecords(db);
  db.pragma(`user_version = ${schemaVersion}`);
  return db;
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/state/db.js';
import { Store } from '../../src/state/store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A data directory written by a mockca whose dns_records table reused ids and had no type fields. */
function olderDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mockca-dns-'));
  dirs.push(dir);
  const db = new Database(join(dir, 'mockca.sqlite'));
  db.exec(`CREATE TABLE dns_records (
    id INTEGER PRIMARY KEY, account_id INTEGER, name TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL,
    ttl INTEGER NOT NULL, annotation TEXT, auto INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)`);
  const insert = db.prepare('INSERT INTO dns_records (id, account_id, name, type, data, ttl, annotation, created_at, updated_at) VALUES (?, 1, ?, ?, ?, 300, ?, 1000, 2000)');
  insert.run(1, '_dnsauth.example.com.', 'CNAME', '_abc.dcv.digicert.com.', 'certbro; certificate_id=X');
  insert.run(7, 'example.com.', 'TXT', 'v=spf1 -all', null);
  db.pragma('user_version = 1');
  db.close();
  return dir;
}

describe('dns_records migration', () => {
  it('rebuilds an older table keeping its rows and ids, with the type fields and ids that are never reused', () => {
    const db = openDatabase(olderDataDir());
    const store = new Store(db);
    expect(store.dnsRecords().map((r) => [r.id, r.name, r.annotation, r.priority, r.tag])).toEqual([
      [1, '_dnsauth.example.com.', 'certbro; certificate_id=X', null, null],
      [7, 'example.com.', null, null, null],
    ]);
    const base = { accountId: 1, ttl: 300, annotation: null, auto: false, weight: null, port: null, flags: null, tag: null, createdAt: 3000, updatedAt: 3000 };
    const id = store.insertDnsRecord({ ...base, name: 'example.com.', type: 'MX', data: 'mail.example.com.', priority: 10 });
    expect(id).toBe(8);
    expect(store.dnsRecord(id)?.priority).toBe(10);
    store.remove('dns_records', id);
    expect(store.insertDnsRecord({ ...base, name: 'example.com.', type: 'TXT', data: 'again', priority: null })).toBe(9);
    db.close();
  });

  it('a fresh store needs no rebuild and opening it again changes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mockca-dns-'));
    dirs.push(dir);
    const first = openDatabase(dir);
    const sql = (first.prepare("SELECT sql FROM sqlite_master WHERE name = 'dns_records'").get() as { sql: string }).sql;
    expect(sql).toMatch(/AUTOINCREMENT/);
    first.close();
    const again = openDatabase(dir);
    expect((again.prepare("SELECT sql FROM sqlite_master WHERE name = 'dns_records'").get() as { sql: string }).sql).toBe(sql);
    again.close();
  });
});

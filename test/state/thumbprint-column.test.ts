import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalCa } from '../../src/ca/local-ca.js';
import { openDatabase } from '../../src/state/db.js';
import { Store } from '../../src/state/store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Node's own SHA-1 fingerprint of the certificate, as DigiCert writes it (no colons). */
const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint.replace(/:/g, '');

const certificateRow = (orderId: number, publicId: string, pem: string | null) => ({
  orderId, publicId, kind: 'original' as const, status: pem ? ('issued' as const) : ('pending' as const), csr: '', commonName: 'a.example.com', dnsNames: ['a.example.com'],
  validityDays: 90, profile: 'server' as const, serial: null, pem, notBefore: null, notAfter: null, polls: 0, requestedAt: 1, issuedAt: null,
  revokedAt: null, revocationReason: null, revocationComment: null, meta: {}, updatedAt: 1,
});

function orderRow(store: Store): number {
  const account = store.insertAccount({ vendor: 'digicert', name: 'a', apiKey: 'k', login: null, password: null, permissions: 'all', profile: {} });
  return store.insertOrder({
    accountId: account, vendor: 'digicert', publicId: '1', product: 'ssl_dv_geotrust', level: 'dv', commonName: 'a.example.com', dnsNames: ['a.example.com'],
    validityDays: 90, contractFrom: 1, contractUntil: 2, dcvMethod: 'dns-txt-token', state: 'open', policy: 'manual', organizationId: null, renewalOf: null,
    test: false, meta: {}, createdAt: 1, updatedAt: 1,
  });
}

describe('certificates.thumbprint', () => {
  it('follows the PEM on insert and update, and finds the certificate within its account only', async () => {
    const ca = await LocalCa.create({ keyAlgorithm: 'ec-p256' });
    const store = new Store(openDatabase());
    const orderId = orderRow(store);
    const id = store.insertCertificate(certificateRow(orderId, '10', null));
    const wanted = fingerprint(ca.intermediatePem);
    expect(store.certificateByThumbprint(1, 'digicert', wanted)).toBeUndefined();
    store.update('certificates', id, { pem: ca.intermediatePem });
    expect(store.certificateByThumbprint(1, 'digicert', wanted.toLowerCase())?.id).toBe(id);
    expect(store.certificateByThumbprint(2, 'digicert', wanted)).toBeUndefined();
    expect(store.certificateByThumbprint(1, 'sectigo', wanted)).toBeUndefined();
    const other = store.insertCertificate(certificateRow(orderId, '11', ca.rootPem));
    expect(store.certificateByThumbprint(1, 'digicert', fingerprint(ca.rootPem))?.id).toBe(other);
    // A chain is known by its first certificate, whatever its line breaks.
    const chain = store.insertCertificate(certificateRow(orderId, '12', `${ca.rootPem}${ca.intermediatePem}`.replace(/\n/g, '\r\n')));
    store.update('certificates', id, { pem: null });
    expect(store.certificateByThumbprint(1, 'digicert', wanted)).toBeUndefined();
    store.update('certificates', other, { pem: null });
    expect(store.certificateByThumbprint(1, 'digicert', fingerprint(ca.rootPem))?.id).toBe(chain);
    store.db.close();
  });

  it('is added to a store written before it existed, filled from the PEMs already there', async () => {
    const ca = await LocalCa.create({ keyAlgorithm: 'ec-p256' });
    const dir = mkdtempSync(join(tmpdir(), 'mockca-thumbprint-'));
    dirs.push(dir);
    const first = openDatabase(dir);
    const before = new Store(first);
    const orderId = orderRow(before);
    const issued = before.insertCertificate(certificateRow(orderId, '10', ca.intermediatePem));
    before.insertCertificate(certificateRow(orderId, '11', null));
    first.close();
    // As an older mockca left it: no thumbprint column.
    const old = new Database(join(dir, 'mockca.sqlite'));
    old.exec('DROP INDEX certificates_thumbprint');
    old.exec('ALTER TABLE certificates DROP COLUMN thumbprint');
    old.close();

    const db = openDatabase(dir);
    const rows = db.prepare('SELECT id, thumbprint FROM certificates ORDER BY id').all();
    expect(rows).toEqual([{ id: issued, thumbprint: fingerprint(ca.intermediatePem) }, { id: issued + 1, thumbprint: null }]);
    expect(new Store(db).certificateByThumbprint(1, 'digicert', fingerprint(ca.intermediatePem))?.id).toBe(issued);
    db.close();
    // Opening it again changes nothing.
    const again = openDatabase(dir);
    expect(again.prepare('SELECT id, thumbprint FROM certificates ORDER BY id').all()).toEqual(rows);
    again.close();
  });
});

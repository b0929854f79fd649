import { sha1Thumbprint } from '../ca/bundles.js';
import type { Db } from './db.js';

/**
 * Brings `certificates.thumbprint` (looked up by DigiCert's order and certificate routes) to a
 * store written before it existed: the column is added and filled from each issued certificate's
 * PEM, once. Idempotent; runs at every open, after the base schema.
 */
export function migrateCertificateThumbprints(db: Db): void {
  const columns = db.prepare('PRAGMA table_info(certificates)').all() as { name: string }[];
  if (!columns.some((c) => c.name === 'thumbprint')) {
    db.transaction(() => {
      db.exec('ALTER TABLE certificates ADD COLUMN thumbprint TEXT');
      const fill = db.prepare('UPDATE certificates SET thumbprint = ? WHERE id = ?');
      for (const row of db.prepare('SELECT id, pem FROM certificates WHERE pem IS NOT NULL').all() as { id: number; pem: string }[]) {
        fill.run(sha1Thumbprint(row.pem), row.id);
      }
    })();
  }
  db.exec('CREATE INDEX IF NOT EXISTS certificates_thumbprint ON certificates(thumbprint)');
}

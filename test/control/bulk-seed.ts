import type { CertificateStatus, Vendor } from '../../src/state/model.js';
import type { Store } from '../../src/state/store.js';

const statuses: CertificateStatus[] = ['issued', 'issued', 'issued', 'revoked', 'expired', 'rejected'];
const products: Record<Vendor, string> = { regfish: 'RapidSSL', digicert: 'ssl_dv_rapidssl', sectigo: '287' };

/**
 * Writes `count` settled orders (one certificate each, round robin over the vendors' first
 * accounts) straight into the store in one transaction: thousands in milliseconds. The
 * certificates carry no PEM (nothing here signs); lists, counts and paging don't need one.
 */
export function bulkSeed(store: Store, count: number, now: number, prefix = 'bulk'): void {
  const accounts = (['regfish', 'digicert', 'sectigo'] as const).map((v) => store.accounts().find((a) => a.vendor === v)!);
  store.transaction(() => {
    for (let i = 0; i < count; i++) {
      const account = accounts[i % 3];
      const at = now - (count - i) * 1000;
      const name = `${prefix}-${i}.example.com`;
      const status = statuses[i % statuses.length];
      const publicId = `${prefix}${String(i).padStart(7, '0')}`;
      const orderId = store.insertOrder({
        accountId: account.id,
        vendor: account.vendor,
        publicId,
        product: products[account.vendor],
        level: 'dv',
        commonName: name,
        dnsNames: [name],
        validityDays: 90,
        contractFrom: at,
        contractUntil: at + 365 * 86_400_000,
        dcvMethod: 'dns-txt-token',
        state: 'open',
        policy: 'manual',
        organizationId: null,
        renewalOf: null,
        test: false,
        meta: {},
        createdAt: at,
        updatedAt: at,
      });
      const issued = status !== 'rejected';
      store.insertCertificate({
        orderId,
        publicId: `${publicId}c`,
        kind: 'original',
        status,
        csr: '',
        commonName: name,
        dnsNames: [name],
        validityDays: 90,
        profile: 'server',
        serial: issued ? `${Buffer.from(prefix).toString('hex')}${i.toString(16).padStart(8, '0')}` : null,
        pem: null,
        notBefore: issued ? at : null,
        notAfter: issued ? (status === 'expired' ? at + 1 : at + 90 * 86_400_000) : null,
        polls: 0,
        requestedAt: at,
        issuedAt: issued ? at : null,
        revokedAt: status === 'revoked' ? at : null,
        revocationReason: status === 'revoked' ? 0 : null,
        revocationComment: null,
        meta: {},
        updatedAt: at,
      });
    }
  });
}

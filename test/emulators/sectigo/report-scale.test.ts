import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MockCaHandle } from '../../../src/index.js';
import { makeCsr } from '../../support/csr.js';
import { startTestServer } from '../../support/server.js';
import { sectigoClient, type SectigoClient } from './support.js';

let mock: MockCaHandle;
let api: SectigoClient;
const seeded = 3000;

/** Inserts orders straight into the store (an issued certificate each), as a long-lived account would have them. */
async function seed(count: number): Promise<void> {
  const { store, clock } = mock.server.ctx;
  const csr = await makeCsr({ commonName: 'bulk.example.org' });
  const account = store.accountByLogin('sectigo', 'sectigo-demo')!;
  const base = clock.nowMs() - count * 60_000;
  store.transaction(() => {
    for (let i = 0; i < count; i++) {
      const at = base + i * 60_000;
      const cn = `host${i}.${i % 2 ? 'odd' : 'even'}.example.org`;
      const orderId = store.insertOrder({
        accountId: account.id, vendor: 'sectigo', publicId: String(50_000_000 + i), product: '287', level: 'dv', commonName: cn, dnsNames: [cn],
        validityDays: 200, contractFrom: at, contractUntil: at + 200 * 86_400_000, dcvMethod: 'HTTP_CSR_HASH', state: 'open', policy: 'immediate',
        organizationId: null, renewalOf: null, test: false, meta: { foreignOrderNumber: `F${i}` }, createdAt: at, updatedAt: at,
      });
      store.insertCertificate({
        orderId, publicId: String(7_000_000_000 + i), kind: 'original', status: i % 10 === 0 ? 'revoked' : 'issued', csr, commonName: cn, dnsNames: [cn],
        validityDays: 200, profile: 'server', serial: (0x1000 + i).toString(16), pem: null, notBefore: at, notAfter: at + 200 * 86_400_000, polls: 0,
        requestedAt: at, issuedAt: at, revokedAt: i % 10 === 0 ? at : null, revocationReason: null, revocationComment: null, meta: {}, updatedAt: at,
      });
    }
  });
}

beforeAll(async () => {
  mock = await startTestServer();
  api = sectigoClient(mock.urls.sectigo);
  await seed(seeded);
});
afterAll(() => mock.close());

const report = (form: Record<string, string>) => api.call('WebHostReport', { responseFormat: '1', ...form });
const numbersOf = (fields: Record<string, string | string[]>) =>
  Array.from({ length: Number(fields.noOfResults) }, (_, i) => fields[`${i + 1}_orderNumber`] as string);

describe(`WebHostReport with ${seeded} orders in the account`, () => {
  it('pages by firstResultNo/lastResultNo: each page bounded, the pages complete and in order, never every order loaded', async () => {
    const loadAll = vi.spyOn(mock.server.ctx.store, 'ordersOf');
    const seen: string[] = [];
    for (let first = 1; ; first += 500) {
      const res = await report({ firstResultNo: String(first), lastResultNo: String(first + 499) });
      expect(res.fields.errorCode).toBe('0');
      const page = numbersOf(res.fields);
      expect(page.length).toBeLessThanOrEqual(500);
      seen.push(...page);
      if (page.length < 500) break;
    }
    expect(loadAll).not.toHaveBeenCalled();
    loadAll.mockRestore();
    const expected = ['10000001', ...Array.from({ length: seeded }, (_, i) => String(50_000_000 + i))];
    expect(seen).toHaveLength(expected.length);
    expect(new Set(seen)).toEqual(new Set(expected));
    // oldest first: the seeded orders in their creation order
    const bulk = seen.filter((n) => n.startsWith('5'));
    expect(bulk).toEqual([...bulk].sort());
  });

  it('the default page is 10 orders; a page of a filter is that filter’s orders only', async () => {
    expect((await report({})).fields.noOfResults).toBe('10');
    // a page holds at most 1000 orders, whatever lastResultNo says
    const odd = await report({ fqdn: '%.odd.example.org', firstResultNo: '1', lastResultNo: '2000' });
    const rest = await report({ fqdn: '%.odd.example.org', firstResultNo: '1001', lastResultNo: '2000' });
    expect(odd.fields.noOfResults).toBe('1000');
    const numbers = [...numbersOf(odd.fields), ...numbersOf(rest.fields)];
    expect(numbers).toHaveLength(seeded / 2);
    expect(numbers.every((n) => Number(n) % 2 === 1)).toBe(true);
    const revoked = await report({ certificateStatusNames: 'Revoked', firstResultNo: '1', lastResultNo: '1000' });
    expect(Number(revoked.fields.noOfResults)).toBe(seeded / 10);
    expect(revoked.fields['1_1_status']).toBe('Revoked');
    const late = await report({ firstResultNo: '1', lastResultNo: '5', foreignOrderNumber: 'F2999,F7' });
    expect(numbersOf(late.fields)).toEqual(['50000007', '50002999']);
    const byCert = await report({ certificateID: '7000000042' });
    expect(numbersOf(byCert.fields)).toEqual(['50000042']);
  });

  it('a page beyond the last order is empty (noOfResults=0); lastResultNo before firstResultNo is -4', async () => {
    expect((await report({ firstResultNo: String(seeded + 10), lastResultNo: String(seeded + 20) })).fields).toEqual({ errorCode: '0', noOfResults: '0' });
    expect((await report({ firstResultNo: '5', lastResultNo: '4' })).fields).toMatchObject({ errorCode: '-4', errorItem: 'lastResultNo' });
  });
});

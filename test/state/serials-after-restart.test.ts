import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startMockCa, type MockCaHandle } from '../../src/index.js';
import { order as digicertOrder, demoKey as digicertKey, v2 } from '../emulators/digicert/support.js';
import { demoKey as regfishKey, orderRequest } from '../emulators/regfish/support.js';
import { order as sectigoOrder, sectigoClient } from '../emulators/sectigo/support.js';
import { httpClient } from '../support/server.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'mockca-restart-'));
  dirs.push(d);
  return d;
};

/** One order on every vendor (issued at once); resolves with the vendor ids. */
async function orderEverywhere(mock: MockCaHandle, tag: string): Promise<string[]> {
  const regfish = await httpClient(mock.urls.regfish, { 'x-api-key': regfishKey }).post('/tls/certificate', await orderRequest({ common_name: `${tag}.example.com` }));
  expect(regfish.status, regfish.text).toBe(200);
  const digicert = await digicertOrder(httpClient(`${mock.urls.digicert}${v2}`, { 'X-DC-DEVKEY': digicertKey, 'content-type': 'application/json' }), { common_name: `${tag}.example.org` });
  const sectigo = await sectigoOrder(sectigoClient(mock.urls.sectigo), {}, { commonName: `${tag}.example.net` });
  return [regfish.body.response.id, String(digicert.id), sectigo.orderNumber];
}

const issuedSerials = (mock: MockCaHandle) => mock.server.ctx.store.allCertificates().flatMap((c) => (c.serial ? [c.serial] : []));

describe('restarts on one --data-dir with the same seed', () => {
  it('order on every vendor after each of two restarts: no 500 or -14, every id and serial new', async () => {
    const dataDir = tempDir();
    const ids: string[] = [];
    let serials: string[] = [];
    for (const [n, run] of ['first', 'second', 'third'].entries()) {
      const mock = await startMockCa({ dataDir, seed: 7, issuance: 'immediate' });
      try {
        // Seeding with given ids draws the same numbers in every run up to the serial: the run that
        // repeated the last run's serials.
        for (const [vendor, id] of [['regfish', 'ABC'[n].repeat(13)], ['digicert', String(n + 1).repeat(8)], ['sectigo', String(n + 4).repeat(8)]] as const) {
          const seeded = await mock.seed({ vendor, orders: [{ id, common_name: `${run}-seeded.example.com`, state: 'issued' }] });
          expect(seeded.orders[0].serial).toMatch(/^[0-9a-f]+$/);
          ids.push(seeded.orders[0].id);
        }
        ids.push(...(await orderEverywhere(mock, `${run}-a`)), ...(await orderEverywhere(mock, `${run}-b`)));
        serials = issuedSerials(mock);
      } finally {
        await mock.close();
      }
    }
    expect(new Set(ids).size).toBe(27);
    expect(new Set(serials).size).toBe(serials.length);
    const fixtureSerials = (await startMockCa({ seed: 7 }).then(async (m) => [issuedSerials(m), await m.close()]))[0] as string[];
    expect(serials.length).toBe(fixtureSerials.length + 27);
  });

  it('the same seed and the same requests on a fresh in-memory server still give the same ids and serials', async () => {
    const runs: { ids: string[]; serials: string[] }[] = [];
    for (let i = 0; i < 2; i++) {
      const mock = await startMockCa({ seed: 11, issuance: 'immediate' });
      try {
        runs.push({ ids: await orderEverywhere(mock, 'same'), serials: issuedSerials(mock) });
      } finally {
        await mock.close();
      }
    }
    expect(runs[1]).toEqual(runs[0]);
  });

  it('a reset on a data dir starts this run\'s stream over: the same ids as right after the start', async () => {
    const dataDir = tempDir();
    await startMockCa({ dataDir, seed: 3 }).then((m) => m.close());
    const mock = await startMockCa({ dataDir, seed: 3, issuance: 'immediate' });
    try {
      const first = await orderEverywhere(mock, 'r');
      await mock.reset();
      expect(await orderEverywhere(mock, 'r')).toEqual(first);
    } finally {
      await mock.close();
    }
  });
});

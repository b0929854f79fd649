import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { tables } from '../../src/state/schema.js';
import { orderRequest as digicertOrderRequest, demoKey as digicertKey, v2 } from '../emulators/digicert/support.js';
import { demoKey as regfishKey, orderRequest } from '../emulators/regfish/support.js';
import { applyForm, sectigoClient } from '../emulators/sectigo/support.js';
import { makeCsr } from '../support/csr.js';
import { httpClient, startTestServer } from '../support/server.js';

let mock: MockCaHandle;
beforeAll(async () => {
  mock = await startTestServer({ issuance: 'immediate' });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const rowCounts = () => Object.fromEntries(tables.map((t) => [t, mock.server.ctx.store.count(t)]));

/** Makes the CA fail the next `times` signings, as a broken key store or a full disk would. */
function failSigning(times = Infinity): { restore(): void } {
  const ca = mock.server.ctx.ca;
  const sign = ca.signLeaf;
  let left = times;
  ca.signLeaf = async (req) => {
    if (left-- > 0) throw new Error('forced signing failure');
    return sign.call(ca, req);
  };
  return { restore: () => (ca.signLeaf = sign) };
}

const quietly = async <T>(fn: () => Promise<T>): Promise<T> => {
  const error = console.error;
  console.error = () => {};
  try {
    return await fn();
  } finally {
    console.error = error;
  }
};

describe('a creation answered with an error leaves nothing behind', () => {
  it('Regfish, DigiCert and Sectigo orders whose issuance fails: vendor error, no order, certificate, validation or event row', async () => {
    const before = rowCounts();
    const failing = failSigning();
    try {
      const regfish = await quietly(async () => httpClient(mock.urls.regfish, { 'x-api-key': regfishKey }).post('/tls/certificate', await orderRequest({ common_name: 'fail.example.com' })));
      expect(regfish.status).toBe(500);
      expect(regfish.body.success).toBe(false);
      const digicert = await quietly(async () =>
        httpClient(`${mock.urls.digicert}${v2}`, { 'X-DC-DEVKEY': digicertKey, 'content-type': 'application/json' }).post('/order/certificate/ssl_dv_geotrust', await digicertOrderRequest({ common_name: 'fail.example.org' })),
      );
      expect(digicert.status).toBe(500);
      expect(digicert.body.errors[0].code).toBeTruthy();
      const sectigo = await quietly(async () => sectigoClient(mock.urls.sectigo).call('AutoApplySSL', await applyForm({}, { commonName: 'fail.example.net' })));
      expect(sectigo.fields.errorCode).toBe('-14');
    } finally {
      failing.restore();
    }
    expect(rowCounts()).toEqual(before);
    // And the next order goes through as usual.
    const ok = await httpClient(mock.urls.regfish, { 'x-api-key': regfishKey }).post('/tls/certificate', await orderRequest({ common_name: 'ok.example.com' }));
    expect(ok.status).toBe(200);
    expect(ok.body.response.status).toBe('issued');
  });

  it('a Regfish reissue whose issuance fails leaves the order with its certificate as it was', async () => {
    const api = httpClient(mock.urls.regfish, { 'x-api-key': regfishKey });
    const before = (await api.get('/tls/certificate/7K9QW3M2ZT8HJ')).body.response;
    const counts = rowCounts();
    const failing = failSigning(1);
    try {
      const res = await quietly(async () => api.post('/tls/certificate/7K9QW3M2ZT8HJ/reissue', { csr: await makeCsr({ commonName: 'example.com' }), dcv_method: 'dns-cname-token' }));
      expect(res.status).toBe(500);
    } finally {
      failing.restore();
    }
    expect(rowCounts()).toEqual(counts);
    const after = (await api.get('/tls/certificate/7K9QW3M2ZT8HJ')).body.response;
    expect({ ...after, last_status_check: null }).toEqual({ ...before, last_status_check: null });
    const again = await api.post('/tls/certificate/7K9QW3M2ZT8HJ/reissue', { csr: await makeCsr({ commonName: 'example.com' }), dcv_method: 'dns-cname-token' });
    expect(again.status).toBe(200);
  });
});

describe('serial collisions', () => {
  it('a serial the store already has is drawn again, not answered with 500', async () => {
    const { rng, store } = mock.server.ctx;
    const taken = store.allCertificates().find((c) => c.serial)!.serial!;
    const draw = rng.serial;
    let repeats = 3;
    rng.serial = () => (repeats-- > 0 ? taken : draw.call(rng));
    try {
      const res = await httpClient(mock.urls.regfish, { 'x-api-key': regfishKey }).post('/tls/certificate', await orderRequest({ common_name: 'collide.example.com' }));
      expect(res.status).toBe(200);
      expect(res.body.response.status).toBe('issued');
      expect(res.body.response.serial_number).not.toBe(taken);
      expect(store.certificateBySerial(taken)!.commonName).not.toBe('collide.example.com');
    } finally {
      rng.serial = draw;
    }
  });
});

import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { time } from '../../src/ca/der.js';
import { earliestClockMs, latestClockMs } from '../../src/state/clock.js';
import { demoKey, orderIssued } from '../emulators/regfish/support.js';
import { consoleClient } from '../console/support.js';
import { openssl, opensslVerify, pemBlocks } from '../support/openssl.js';
import { httpClient, startTestServer, type HttpClient } from '../support/server.js';

let mock: MockCaHandle;
let control: HttpClient;
let regfish: HttpClient;
beforeAll(async () => {
  mock = await startTestServer();
  control = httpClient(mock.urls.control);
  regfish = httpClient(mock.urls.regfish, { 'x-api-key': demoKey });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

/** Issues a Regfish certificate at the current virtual time; returns its leaf PEM. */
async function issueLeaf(): Promise<string> {
  const id = await orderIssued(regfish);
  const res = await regfish.get(`/tls/certificate/${id}/download/pem`);
  expect(res.status).toBe(200);
  return pemBlocks(res.text)[0];
}

/** The ASN.1 types openssl sees in the validity of a certificate (UTCTIME / GENERALIZEDTIME). */
function validityTimeTypes(pem: string): string[] {
  const r = openssl(['asn1parse', '-in', '{leaf.pem}'], { 'leaf.pem': pem });
  expect(r.status).toBe(0);
  return [...r.stdout.matchAll(/prim: (UTCTIME|GENERALIZEDTIME) *:/g)].map((m) => m[1]);
}

async function stillAnswering(): Promise<void> {
  expect((await control.get('/api/health')).status).toBe(200);
  expect((await control.get('/api/clock')).status).toBe(200);
  expect((await regfish.get('/tls/products')).status).toBe(200);
}

describe('clock values X.509 cannot encode are refused', () => {
  it('advancing by 1e8 days answers 400 and leaves the clock, health and Regfish answering', async () => {
    const before = (await control.get('/api/clock')).body.offset_ms as number;
    const res = await control.post('/api/clock/advance', { days: 1e8 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('clock_out_of_range');
    expect(res.body.error.message).toContain('9999-12-31T23:59:59');
    expect(Math.abs((await control.get('/api/clock')).body.offset_ms - before)).toBeLessThan(60_000);
    await stillAnswering();
  });

  it('an advance in JSON that overflows to Infinity is refused too', async () => {
    const res = await control.post('/api/clock/advance', '{"ms":1e400}');
    expect(res.status).toBe(400);
    await stillAnswering();
  });

  it('PUT /api/clock to the year 9999 or before 1950 answers 400; the latest allowed time still issues an encodable certificate', async () => {
    for (const now of ['9999-06-01T00:00:00Z', '9999-12-31T23:59:59Z', '1949-12-31T23:59:59Z']) {
      const res = await control.put('/api/clock', { now });
      expect(res.status, now).toBe(400);
      expect(res.body.error.code, now).toBe('clock_out_of_range');
    }
    await stillAnswering();
    const latest = new Date(latestClockMs).toISOString();
    expect((await control.put('/api/clock', { now: latest })).status).toBe(200);
    const leaf = new X509Certificate(await issueLeaf());
    expect(new Date(leaf.validTo).getTime()).toBeLessThanOrEqual(Date.UTC(9999, 11, 31, 23, 59, 59));
    expect(new Date(leaf.validTo).getTime()).toBeGreaterThan(latestClockMs);
    const res = await control.post('/api/clock/advance', { days: 1 });
    expect(res.status).toBe(400);
  });

  it('the programmatic clock refuses the same values', () => {
    expect(() => mock.clock.set(new Date('9999-12-01T00:00:00Z'))).toThrow(/9999-12-31T23:59:59/);
    expect(() => mock.clock.set(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => mock.clock.advance(8.64e15)).toThrow(RangeError);
    expect(mock.clock.now().getTime()).toBeGreaterThanOrEqual(earliestClockMs);
  });

  it('the console clock form refuses an overflow with a message and keeps working', async () => {
    const web = consoleClient(mock.urls.control);
    const res = await web.post('/clock/advance', { amount: '100000000', unit: 'days' });
    expect(res.status).toBe(303);
    expect(decodeURIComponent(res.location)).toContain('error=');
    expect((await web.get('/clock')).status).toBe(200);
    await stillAnswering();
  });
});

describe('UTCTime until 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5)', () => {
  it('a certificate issued at the end of 2049 has a UTCTime notBefore and a GeneralizedTime notAfter, and verifies', async () => {
    expect((await control.put('/api/clock', { now: '2049-12-20T12:00:00Z' })).status).toBe(200);
    const leaf = await issueLeaf();
    expect(validityTimeTypes(leaf)).toEqual(['UTCTIME', 'GENERALIZEDTIME']);
    const x = new X509Certificate(leaf);
    expect(new Date(x.validFrom).toISOString()).toBe('2049-12-20T12:00:00.000Z');
    expect(new Date(x.validTo).getUTCFullYear()).toBe(2050);
    const at = String(Date.UTC(2049, 11, 25) / 1000);
    const verified = opensslVerify(mock.ca.rootPem, mock.ca.intermediatePem, leaf, ['-attime', at]);
    expect(verified.output).toContain('OK');
    expect(verified.ok).toBe(true);
  });

  it('a certificate issued in 2051 has GeneralizedTime on both sides, and verifies', async () => {
    expect((await control.put('/api/clock', { now: '2051-03-01T00:00:00Z' })).status).toBe(200);
    const leaf = await issueLeaf();
    expect(validityTimeTypes(leaf)).toEqual(['GENERALIZEDTIME', 'GENERALIZEDTIME']);
    expect(new Date(new X509Certificate(leaf).validFrom).toISOString()).toBe('2051-03-01T00:00:00.000Z');
    const verified = opensslVerify(mock.ca.rootPem, mock.ca.intermediatePem, leaf, ['-attime', String(Date.UTC(2051, 2, 2) / 1000)]);
    expect(verified.ok, verified.output).toBe(true);
  });

  it('the DER encoder switches at 2050-01-01T00:00:00Z and refuses what neither type can hold', () => {
    expect(time(new Date('2049-12-31T23:59:59Z')).toString('latin1')).toBe('\x17\x0d491231235959Z');
    expect(time(new Date('2050-01-01T00:00:00Z')).toString('latin1')).toBe('\x18\x0f20500101000000Z');
    expect(time(new Date('1950-01-01T00:00:00Z')).toString('latin1')).toBe('\x17\x0d500101000000Z');
    expect(time(new Date('1949-12-31T23:59:59Z')).toString('latin1')).toBe('\x18\x0f19491231235959Z');
    expect(time(new Date('9999-12-31T23:59:59Z')).toString('latin1')).toBe('\x18\x0f99991231235959Z');
    expect(() => time(new Date('+010000-01-01T00:00:00Z'))).toThrow(RangeError);
    expect(() => time(new Date(Number.NaN))).toThrow(RangeError);
  });
});

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { x509 } from '../../../src/ca/x509.js';
import type { MockCaHandle } from '../../../src/index.js';
import { makeCsr } from '../../support/csr.js';
import { startTestServer } from '../../support/server.js';
import { control, coreOrder, order, orderIssued, sectigoClient, type SectigoClient } from './support.js';

let mock: MockCaHandle;
let api: SectigoClient;

beforeAll(async () => {
  mock = await startTestServer();
  api = sectigoClient(mock.urls.sectigo);
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const revoke = (form: Record<string, string | undefined>) => api.call('autoRevokeCertificate', { responseFormat: '1', ...form });

async function crlSerials(): Promise<string[]> {
  const res = await fetch(`${mock.urls.control}/api/ca/crl?format=pem`);
  const crl = new x509.X509Crl(await res.text());
  return crl.entries.map((e) => e.serialNumber.toLowerCase());
}

function statusOf(orderNumber: string) {
  const { order: o, certificates } = coreOrder(mock, orderNumber);
  return { order: o.state, cert: certificates[certificates.length - 1] };
}

/** An order whose DCV passed but which the CA has not signed yet (magic domain *.pending.test = manual issuance). */
async function beingIssued(): Promise<string> {
  const placed = await order(api, {}, { commonName: 'shop.pending.test' });
  expect(await control(mock, placed.orderNumber, 'approve-dcv')).toBe(200);
  return placed.orderNumber;
}

describe("autoRevokeCertificate: the seed's sample request", () => {
  it('works verbatim with only the host replaced: errorCode=0, the certificate is revoked and on the CRL', async () => {
    // async: the emulator runs in this process, a synchronous curl would wait for it forever
    const { stdout: out } = await promisify(execFile)(
      'curl',
      [
        '--silent',
        '--location',
        `${mock.urls.sectigo}/products/!autoRevokeCertificate`,
        '--header',
        'Content-Type: application/x-www-form-urlencoded',
        '--data-urlencode',
        'loginName=login_name',
        '--data-urlencode',
        'loginPassword=login_password',
        '--data-urlencode',
        'orderNumber=1234567890',
        '--data-urlencode',
        'revocationReason=reason_for_revocation',
        '--data-urlencode',
        'codeReason=0',
        '--data-urlencode',
        'responseFormat=1',
      ],
      { encoding: 'utf8' },
    );
    expect(out).toBe('errorCode=0');
    const { cert } = statusOf('1234567890');
    expect(cert).toMatchObject({ status: 'revoked', revocationReason: 0, revocationComment: 'reason_for_revocation' });
    expect(await crlSerials()).toContain(cert.serial);
  });
});

describe('autoRevokeCertificate transitions', () => {
  it('an issued certificate is revoked (codeReason kept) and appears on the CRL', async () => {
    const { orderNumber } = await orderIssued(api);
    const res = await revoke({ orderNumber, codeReason: '1', revocationReason: 'key leaked' });
    expect(res.text).toBe('errorCode=0');
    const { cert } = statusOf(orderNumber);
    expect(cert).toMatchObject({ status: 'revoked', revocationReason: 1 });
    expect(await crlSerials()).toContain(cert.serial);
    const again = await revoke({ orderNumber, revocationReason: 'again' });
    expect(again.fields).toEqual({ errorCode: '-21', errorMessage: 'The requested certificate is in a revoked state.' });
  });

  it('includeInCRL=N marks it replaced (not on the CRL); a later includeInCRL=Y revokes it', async () => {
    const { orderNumber } = await orderIssued(api);
    expect((await revoke({ orderNumber, includeInCRL: 'N', revocationReason: 'moved' })).text).toBe('errorCode=0');
    const replaced = statusOf(orderNumber).cert;
    expect(replaced.status).toBe('replaced');
    expect(await crlSerials()).not.toContain(replaced.serial);

    const twice = await revoke({ orderNumber, includeInCRL: 'N', revocationReason: 'moved' });
    expect(twice.fields).toEqual({ errorCode: '-34', errorMessage: 'The certificate cannot be revoked because it has been replaced.' });

    expect((await revoke({ orderNumber, includeInCRL: 'Y', revocationReason: 'now revoke' })).text).toBe('errorCode=0');
    const revoked = statusOf(orderNumber).cert;
    expect(revoked.status).toBe('revoked');
    expect(await crlSerials()).toContain(revoked.serial);
  });

  it('a certificate not yet issued is rejected (the order is cancelled); a second call is -20', async () => {
    const { orderNumber } = await order(api);
    expect((await revoke({ orderNumber, revocationReason: 'not needed' })).text).toBe('errorCode=0');
    expect(statusOf(orderNumber)).toMatchObject({ order: 'cancelled', cert: { status: 'rejected' } });
    const again = await revoke({ orderNumber, revocationReason: 'again' });
    expect(again.fields).toEqual({ errorCode: '-20', errorMessage: 'The requested certificate is in a rejected state.' });
  });

  it('a certificate being issued is -26, or -23 when revocationReason is omitted', async () => {
    const orderNumber = await beingIssued();
    const withReason = await revoke({ orderNumber, revocationReason: 'stop' });
    expect(withReason.fields).toEqual({ errorCode: '-26', errorMessage: 'The requested certificate is in the process of being issued.' });
    const without = await revoke({ orderNumber });
    expect(without.fields).toEqual({ errorCode: '-23', errorMessage: 'The required certificate is in the process of being issued.' });
    expect(statusOf(orderNumber).cert.status).toBe('pending');
  });

  it('an expired certificate is -35', async () => {
    const { orderNumber } = await orderIssued(api);
    expect(await control(mock, orderNumber, 'expire')).toBe(200);
    const res = await revoke({ orderNumber, revocationReason: 'late' });
    expect(res.fields).toEqual({ errorCode: '-35', errorMessage: 'The certificate cannot be revoked because it is expired.' });
  });

  it('includeInCRL=N on a certificate never issued is -43 "cannot be revoked in its current state"', async () => {
    const { orderNumber } = await order(api);
    const res = await revoke({ orderNumber, includeInCRL: 'N' });
    expect(res.fields).toEqual({ errorCode: '-43', errorMessage: 'The certificate cannot be revoked in its current state.' });
  });

  it('test=Y changes nothing, but still reports the error the real call would get', async () => {
    const { orderNumber } = await orderIssued(api);
    expect((await revoke({ orderNumber, test: 'Y', revocationReason: 'dry run' })).text).toBe('errorCode=0');
    expect(statusOf(orderNumber).cert.status).toBe('issued');
    const pending = await order(api);
    expect((await revoke({ orderNumber: pending.orderNumber, test: 'Y' })).text).toBe('errorCode=0');
    expect(statusOf(pending.orderNumber)).toMatchObject({ order: 'open', cert: { status: 'pending' } });
    await revoke({ orderNumber, revocationReason: 'real' });
    expect((await revoke({ orderNumber, test: 'Y' })).fields.errorCode).toBe('-21');
  });

  it('targets a certificate by certificateID or by serialNumber (hex, any case, colons allowed)', async () => {
    const a = await orderIssued(api);
    expect((await revoke({ certificateID: a.certificateID, revocationReason: 'x' })).text).toBe('errorCode=0');
    expect(statusOf(a.orderNumber).cert.status).toBe('revoked');
    const b = await orderIssued(api);
    const serial = statusOf(b.orderNumber).cert.serial!;
    const colons = serial.toUpperCase().match(/.{2}/g)!.join(':');
    expect((await revoke({ serialNumber: colons, revocationReason: 'x' })).text).toBe('errorCode=0');
    expect(statusOf(b.orderNumber).cert.status).toBe('revoked');
  });
});

describe('concurrency', () => {
  it('of 10 parallel revocations of one certificate exactly one wins; the others are -21', async () => {
    const { orderNumber } = await orderIssued(api);
    const answers = await Promise.all(Array.from({ length: 10 }, () => revoke({ orderNumber, revocationReason: 'race' })));
    const codes = answers.map((a) => a.fields.errorCode).sort();
    expect(codes.filter((c) => c === '0')).toHaveLength(1);
    expect(codes.filter((c) => c === '-21')).toHaveLength(9);
  });

  it('of 10 parallel AutoReplaceSSL calls exactly one wins; the others are -26', async () => {
    const { orderNumber } = await orderIssued(api);
    const csr = await makeCsr({ commonName: 'shop.example.org' });
    const answers = await Promise.all(Array.from({ length: 10 }, () => api.call('AutoReplaceSSL', { orderNumber, csr, dcvMethod: 'HTTP_CSR_HASH', responseFormat: '1' })));
    const codes = answers.map((a) => a.fields.errorCode);
    expect(codes.filter((c) => c === '0')).toHaveLength(1);
    expect(codes.filter((c) => c === '-26')).toHaveLength(9);
    expect(coreOrder(mock, orderNumber).certificates).toHaveLength(2);
  });
});

describe('autoRevokeCertificate errors', () => {
  it('exactly one of orderNumber / certificateID / serialNumber', async () => {
    const none = await revoke({ revocationReason: 'x' });
    expect(none.fields).toMatchObject({ errorCode: '-3', errorMessage: "The 'orderNumber' argument is missing!" });
    const two = await revoke({ orderNumber: '10000001', certificateID: '2000000001' });
    expect(two.fields).toMatchObject({ errorCode: '-4', errorMessage: "The value of the 'certificateID' argument is invalid!" });
    const unknown = await revoke({ orderNumber: '99999999' });
    expect(unknown.fields).toMatchObject({ errorCode: '-4', errorItem: 'orderNumber' });
  });

  it('codeReason 0,1,3,4,5 are accepted; 2 (CA compromise) and others are -4', async () => {
    for (const code of ['2', '6', 'x']) {
      const res = await revoke({ orderNumber: '10000001', codeReason: code });
      expect(res.fields, code).toMatchObject({ errorCode: '-4', errorMessage: "The value of the 'codeReason' argument is invalid!" });
    }
    expect((await revoke({ orderNumber: '10000001', codeReason: '4', revocationReason: 'superseded' })).text).toBe('errorCode=0');
  });

  it('revocationReason may be 1024 characters, not 1025', async () => {
    const long = await revoke({ orderNumber: '10000001', revocationReason: 'x'.repeat(1025) });
    expect(long.fields).toMatchObject({ errorCode: '-4', errorItem: 'revocationReason' });
    expect((await revoke({ orderNumber: '10000001', revocationReason: 'x'.repeat(1024) })).text).toBe('errorCode=0');
  });

  it('-1 plain HTTP, -2 unknown argument, -16 login, -17 GET, -42 rate limit', async () => {
    const cfg = mock.server.ctx.config;
    cfg.sectigoRequireHttps = true;
    try {
      expect((await revoke({ orderNumber: '10000001' })).fields.errorCode).toBe('-1');
    } finally {
      cfg.sectigoRequireHttps = false;
    }
    expect((await revoke({ orderNumber: '10000001', reason: 'x' })).fields).toMatchObject({ errorCode: '-2', errorItem: 'reason' });
    expect((await revoke({ orderNumber: '10000001', loginPassword: 'bad' })).fields.errorCode).toBe('-16');
    expect((await api.raw('/products/!autoRevokeCertificate?responseFormat=1')).fields.errorCode).toBe('-17');
    cfg.sectigoRateLimit = 1;
    try {
      await revoke({ orderNumber: '10000001', test: 'Y' });
      expect((await revoke({ orderNumber: '10000001', test: 'Y' })).fields.errorCode).toBe('-42');
    } finally {
      cfg.sectigoRateLimit = 0;
    }
  });

  it('-14 and -44 come from the catalogue with the endpoint’s own messages', () => {
    const catalogue = mock.server.ctx.vendorErrors.sectigo!;
    expect(catalogue.render('-14', 'sectigo.autoRevokeCertificate', { responseFormat: '0' })!.body).toBe('-14\nAn unknown error occurred!\n');
    expect(catalogue.render('generalFailure', 'sectigo.autoRevokeCertificate', { responseFormat: '0' })!.body).toBe(
      '-44\nThe certificate revocation failed due to a general error.\n',
    );
  });

  it('answers newline text by default (responseFormat=0)', async () => {
    const res = await api.call('autoRevokeCertificate', { orderNumber: '10000001', revocationReason: 'x' });
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.text).toBe('0\n');
    const err = await api.call('autoRevokeCertificate', { orderNumber: '10000001', revocationReason: 'x' });
    expect(err.text).toBe('-21\nThe requested certificate is in a revoked state.\n');
  });
});

describe('AutoRevokeSSL (classic)', () => {
  const classic = (form: Record<string, string | undefined>) => api.call('AutoRevokeSSL', { responseFormat: '1', ...form });

  it('revokes an issued certificate and rejects one not yet issued', async () => {
    const issued = await orderIssued(api);
    expect((await classic({ orderNumber: issued.orderNumber, revocationReason: 'x' })).text).toBe('errorCode=0');
    expect(statusOf(issued.orderNumber).cert.status).toBe('revoked');
    expect((await classic({ orderNumber: issued.orderNumber, revocationReason: 'x' })).fields).toEqual({
      errorCode: '-21',
      errorMessage: 'The certificate has already been revoked!',
    });
    const pending = await order(api);
    expect((await classic({ orderNumber: pending.orderNumber, revocationReason: 'x' })).text).toBe('errorCode=0');
    expect(statusOf(pending.orderNumber).cert.status).toBe('rejected');
    expect((await classic({ orderNumber: pending.orderNumber, revocationReason: 'x' })).fields.errorCode).toBe('-20');
    const newline = await api.call('AutoRevokeSSL', { orderNumber: pending.orderNumber, revocationReason: 'x' });
    expect(newline.text).toBe('-20\nThe certificate request has already been rejected!\n');
    expect((await api.call('AutoRevokeSSL', { orderNumber: '10000001', revocationReason: 'x' })).text).toBe('0\n');
  });

  it('being issued: -26 with revocationReason, -23 without (v1.00 compatibility)', async () => {
    const orderNumber = await beingIssued();
    expect((await classic({ orderNumber, revocationReason: 'x' })).fields).toEqual({ errorCode: '-26', errorMessage: 'The certificate is currently being issued!' });
    expect((await classic({ orderNumber })).fields.errorCode).toBe('-23');
  });

  it('takes no includeInCRL (-2)', async () => {
    expect((await classic({ orderNumber: '10000001', includeInCRL: 'N' })).fields).toMatchObject({ errorCode: '-2', errorItem: 'includeInCRL' });
  });
});

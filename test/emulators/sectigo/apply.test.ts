import { createHash, webcrypto } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { x509 } from '../../../src/ca/x509.js';
import type { MockCaHandle } from '../../../src/index.js';
import { makeCsr, tamperSignature } from '../../support/csr.js';
import { openssl } from '../../support/openssl.js';
import { startTestServer } from '../../support/server.js';
import { applyForm, control, coreOrder, order, orderIssued, prepaid, sectigoClient, type SectigoClient } from './support.js';

let mock: MockCaHandle;
let api: SectigoClient;

beforeAll(async () => {
  mock = await startTestServer();
  api = sectigoClient(mock.urls.sectigo);
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

function hashes(pem: string) {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return {
    md5: createHash('md5').update(der).digest('hex').toUpperCase(),
    sha256: createHash('sha256').update(der).digest('hex').toUpperCase(),
  };
}

describe('AutoApplySSL', () => {
  it('an OV product (InstantSSL, 24) puts the organization fields of the order into the certificate subject', async () => {
    const placed = await orderIssued(api, {
      product: '24',
      organizationName: 'Example Widgets Ltd',
      localityName: 'Manchester',
      stateOrProvinceName: 'Greater Manchester',
      countryName: 'gb',
    });
    const collected = await api.call('CollectSSL', { orderNumber: placed.orderNumber, queryType: '2', responseType: '3', responseFormat: '1' });
    const pem = String(collected.fields.certificate);
    const leaf = new x509.X509Certificate(pem.includes('BEGIN') ? pem : Buffer.from(pem, 'base64'));
    expect(leaf.subject).toContain('O=Example Widgets Ltd');
    expect(leaf.subject).toContain('L=Manchester');
    expect(leaf.subject).toContain('C=GB');
    expect(leaf.getExtension(x509.CertificatePolicyExtension)?.policies).toEqual(['2.23.140.1.2.2']);
  });

  it('places a PositiveSSL order: URL-encoded answer with orderNumber, totalCost, certificateID and uniqueValue', async () => {
    const res = await api.call('AutoApplySSL', await applyForm());
    expect(res.headers.get('content-type')).toMatch(/^application\/x-www-form-urlencoded/);
    expect(res.fields).toMatchObject({ errorCode: '0', totalCost: '49.00', expectedDeliveryTime: '1' });
    expect(res.fields.orderNumber).toMatch(/^\d{8}$/);
    expect(res.fields.certificateID).toMatch(/^\d{10}$/);
    expect(res.fields.uniqueValue).toMatch(/^[A-Za-z0-9]{10}$/);
    const { order: o, certificates } = coreOrder(mock, res.fields.orderNumber as string);
    expect(o).toMatchObject({ vendor: 'sectigo', product: '287', level: 'dv', commonName: 'shop.example.org', dcvMethod: 'HTTP_CSR_HASH', state: 'open' });
    expect(o.meta).toMatchObject({ serverSoftware: -1, days: 365, totalCost: '49.00' });
    expect(certificates[0].publicId).toBe(res.fields.certificateID);
  });

  it('without showCertificateID there is no certificateID; showCertificateState adds the state', async () => {
    const res = await api.call('AutoApplySSL', await applyForm({ showCertificateID: undefined, showCertificateState: 'Y' }));
    expect(res.fields.certificateID).toBeUndefined();
    expect(res.fields.certificateState).toBe('Awaiting Validation');
  });

  it('the HTTP_CSR_HASH / HTTPS_CSR_HASH values are the MD5 / SHA-256 of the CSR DER, with the uniqueValue line', async () => {
    const csr = await makeCsr({ commonName: 'shop.example.org' });
    const { md5, sha256 } = hashes(csr);
    for (const [method, scheme] of [
      ['HTTP_CSR_HASH', 'http'],
      ['HTTPS_CSR_HASH', 'https'],
    ]) {
      const res = await api.call('AutoApplySSL', await applyForm({ csr, dcvMethod: method, uniqueValue: 'Unique42' }));
      expect(res.fields.uniqueValue).toBe('Unique42');
      const [v] = coreOrder(mock, res.fields.orderNumber as string).validations;
      expect(v.proof).toEqual({ type: 'http', url: `${scheme}://shop.example.org/.well-known/pki-validation/${md5}.txt`, content: `${sha256}\nsectigo.com\nUnique42` });
    }
  });

  it('CNAME_CSR_HASH: _<md5>.domain -> <sha256 in two labels>.<uniqueValue>.sectigo.com; the record issues a dcv-policy order', async () => {
    const csr = await makeCsr({ commonName: 'shop.dcv.test' });
    const { md5, sha256 } = hashes(csr);
    const res = await api.call('AutoApplySSL', await applyForm({ csr, dcvMethod: 'CNAME_CSR_HASH', uniqueValue: 'u1' }));
    const orderNumber = res.fields.orderNumber as string;
    const [v] = coreOrder(mock, orderNumber).validations;
    const name = `_${md5.toLowerCase()}.shop.dcv.test.`;
    const value = `${sha256.slice(0, 32)}.${sha256.slice(32)}.u1.sectigo.com.`.toLowerCase();
    expect(v.proof).toEqual({ type: 'dns', rrtype: 'CNAME', name, value });
    const collect = { orderNumber, queryType: '0', responseFormat: '1' };
    expect((await api.call('CollectSSL', collect)).fields.errorCode).toBe('0');
    mock.server.ctx.core.dns.add({ accountId: null, name, type: 'CNAME', data: value }, Date.now());
    expect((await api.call('CollectSSL', collect)).fields.errorCode).toBe('1');
  });

  it('EMAIL DCV takes an approver address from GetDCVEmailAddressList (default admin@ the registrable domain)', async () => {
    const byDefault = await api.call('AutoApplySSL', await applyForm({ dcvMethod: undefined }));
    expect(byDefault.fields.errorCode).toBe('0');
    expect(coreOrder(mock, byDefault.fields.orderNumber as string).validations[0]).toMatchObject({ method: 'EMAIL', emails: ['admin@example.org'] });
    const wrong = await api.call('AutoApplySSL', await applyForm({ dcvMethod: 'EMAIL', dcvEmailAddress: 'someone@gmail.com' }));
    expect(wrong.fields).toMatchObject({ errorCode: '-4', errorItem: 'dcvEmailAddress' });
    const ok = await api.call('AutoApplySSL', await applyForm({ dcvMethod: 'EMAIL', dcvEmailAddress: 'hostmaster@example.org' }));
    expect(ok.fields.errorCode).toBe('0');
    expect(ok.fields.uniqueValue).toBeUndefined();
    expect(coreOrder(mock, ok.fields.orderNumber as string).validations[0]).toMatchObject({ method: 'EMAIL', emails: ['hostmaster@example.org'] });
  });

  it('days or years: missing is -3, outside the product term is -4 (AutoApplySSL) or -115 (AutoApplyOrder)', async () => {
    expect((await api.call('AutoApplySSL', await applyForm({ days: undefined }))).fields).toMatchObject({ errorCode: '-3', errorItem: 'days' });
    expect((await api.call('AutoApplySSL', await applyForm({ days: '5000' }))).fields).toMatchObject({ errorCode: '-4', errorItem: 'days' });
    const years = await api.call('AutoApplySSL', await applyForm({ days: undefined, years: '2' }));
    expect(years.fields).toMatchObject({ errorCode: '0', totalCost: '98.00' });
    expect(coreOrder(mock, years.fields.orderNumber as string).order.validityDays).toBeLessThanOrEqual(398);
    const noPrice = await api.call('AutoApplyOrder', await applyForm({ days: '5000', isCustomerValidated: 'N' }));
    expect(noPrice.fields).toEqual({ errorCode: '-115', errorMessage: 'No price found! Contact Support!' });
  });

  it('an unknown product is -4; serverSoftware is required', async () => {
    expect((await api.call('AutoApplySSL', await applyForm({ product: '999' }))).fields).toMatchObject({ errorCode: '-4', errorItem: 'product' });
    expect((await api.call('AutoApplySSL', await applyForm({ serverSoftware: undefined }))).fields).toMatchObject({ errorCode: '-3', errorItem: 'serverSoftware' });
    expect((await api.call('AutoApplySSL', await applyForm({ serverSoftware: '2' }))).fields.errorCode).toBe('0');
  });

  it('a wildcard product covers the base domain too; a single-domain one its www twin', async () => {
    const wc = await api.call('AutoApplySSL', await applyForm({ product: '289' }, { commonName: '*.example.net' }));
    expect(wc.fields).toMatchObject({ errorCode: '0', totalCost: '149.00' });
    expect(coreOrder(mock, wc.fields.orderNumber as string).order.dnsNames).toEqual(['*.example.net', 'example.net']);
    const bare = await api.call('AutoApplySSL', await applyForm({}, { commonName: 'example.net' }));
    expect(coreOrder(mock, bare.fields.orderNumber as string).order.dnsNames).toEqual(['example.net', 'www.example.net']);
  });
});

describe('CSR errors, detected from the real CSR', () => {
  async function compromisedCsr(): Promise<string> {
    const crypto = webcrypto as unknown as Crypto;
    const intermediate = mock.server.ctx.ca.authority.intermediate;
    const publicKey = await crypto.subtle.importKey('spki', intermediate.cert.publicKey.rawData, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
    const csr = await x509.Pkcs10CertificateRequestGenerator.create(
      { name: 'CN=shop.example.org', keys: { privateKey: await intermediate.cryptoKey(), publicKey }, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams },
      crypto,
    );
    return csr.toString('pem');
  }

  const p521 = () => openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:secp521r1', '-nodes', '-keyout', '{key.pem}', '-subj', '/CN=shop.example.org']).stdout;

  const cases: { name: string; code: string; message: string; form: () => Promise<Record<string, string>> }[] = [
    { name: 'not base64', code: '-9', message: 'The CSR is not valid Base-64 data!', form: async () => ({ csr: '@@@ not a csr @@@' }) },
    { name: 'undecodable', code: '-10', message: 'The CSR cannot be decoded!', form: async () => ({ csr: Buffer.alloc(64, 7).toString('base64') }) },
    { name: 'P-521 key', code: '-11', message: 'The CSR uses an unsupported algorithm!', form: async () => ({ csr: p521() }) },
    { name: 'bad signature', code: '-12', message: 'The CSR has an invalid signature!', form: async () => ({ csr: tamperSignature(await makeCsr({ commonName: 'shop.example.org' })) }) },
    { name: 'RSA 1024', code: '-13', message: 'The CSR uses an unsupported key size!', form: async () => ({ csr: await makeCsr({ key: 'rsa-1024', commonName: 'shop.example.org' }) }) },
    { name: 'wildcard CN on PositiveSSL', code: '-5', message: "The CSR's Common Name may NOT contain a wildcard!", form: async () => ({ csr: await makeCsr({ commonName: '*.example.org' }) }) },
    { name: 'plain CN on PositiveSSL Wildcard', code: '-6', message: "The CSR's Common Name MUST contain ONE wildcard!", form: async () => ({ product: '289', csr: await makeCsr({ commonName: 'shop.example.org' }) }) },
    { name: 'IP address CN', code: '-35', message: "The CSR's Common Name may not be an IP Address!", form: async () => ({ csr: await makeCsr({ commonName: '203.0.113.7' }) }) },
    { name: 'FQDN on Intranet SSL', code: '-18', message: "The CSR's Common Name may not be a Fully-Qualified Domain Name!", form: async () => ({ product: '44', csr: await makeCsr({ commonName: 'shop.example.org' }) }) },
    { name: 'public IP on Intranet SSL', code: '-19', message: "The CSR's Common Name may not be an Internet-accessible IP Address!", form: async () => ({ product: '44', csr: await makeCsr({ commonName: '8.8.8.8' }) }) },
    { name: 'no common name', code: '-8', message: 'The CSR is missing a required field!', form: async () => ({ csr: await makeCsr({ subject: 'O=Example Org' }) }) },
    { name: 'unknown country', code: '-7', message: "'ZZ' is not a valid ISO-3166 country!", form: async () => ({ csr: await makeCsr({ subject: 'CN=shop.example.org, C=ZZ' }) }) },
    { name: 'compromised key', code: '-40', message: 'The CSR uses a key that is believed to have been compromised!', form: async () => ({ csr: await compromisedCsr() }) },
  ];

  for (const c of cases) {
    it(`${c.name}: ${c.code}`, async () => {
      const res = await api.call('AutoApplySSL', await applyForm(await c.form()));
      expect(res.fields).toMatchObject({ errorCode: c.code, errorMessage: c.message });
    });
  }

  it('an intranet name and a private IP are fine on Intranet SSL', async () => {
    expect((await api.call('AutoApplySSL', await applyForm({ product: '44' }, { commonName: 'server01' }))).fields.errorCode).toBe('0');
    expect((await api.call('AutoApplySSL', await applyForm({ product: '44' }, { commonName: '10.1.2.3' }))).fields.errorCode).toBe('0');
  });

  it('answers CSR errors as line 1 code, line 2 message in newline mode', async () => {
    const res = await api.call('AutoApplySSL', await applyForm({ responseFormat: '0', csr: 'bad!' }));
    expect(res.text).toBe('-9\nThe CSR is not valid Base-64 data!\n');
  });
});

describe('AutoApplyOrder', () => {
  it('needs isCustomerValidated and answers like AutoApplySSL', async () => {
    expect((await api.call('AutoApplyOrder', await applyForm())).fields).toMatchObject({ errorCode: '-3', errorItem: 'isCustomerValidated' });
    const res = await api.call('AutoApplyOrder', await applyForm({ isCustomerValidated: 'N', responseFormat: '0' }));
    expect(res.lines[0]).toBe('0');
    expect(res.lines[1]).toMatch(/^\d{8}$/);
  });

  it('multi-domain: domainNames are on the certificate; a CSR name outside them is -162', async () => {
    const ok = await api.call(
      'AutoApplyOrder',
      await applyForm({ product: '279', isCustomerValidated: 'Y', domainNames: 'a.example.org,b.example.com' }, { commonName: 'a.example.org', dnsNames: ['a.example.org', 'b.example.com'] }),
    );
    expect(ok.fields).toMatchObject({ errorCode: '0', totalCost: '99.00' });
    const { order: o, validations } = coreOrder(mock, ok.fields.orderNumber as string);
    expect(o.dnsNames).toEqual(['a.example.org', 'b.example.com']);
    expect(validations.map((v) => v.domain)).toEqual(['a.example.org', 'b.example.com']);
    const stray = await api.call(
      'AutoApplyOrder',
      await applyForm({ product: '279', isCustomerValidated: 'Y', domainNames: 'a.example.org' }, { commonName: 'a.example.org', dnsNames: ['a.example.org', 'evil.example.net'] }),
    );
    expect(stray.fields).toMatchObject({ errorCode: '-162' });
  });
});

describe('billing: test orders, credit, payment required', () => {
  it('test=Y orders cost nothing and leave the credit alone; paid ones debit it; then errorCode 1 (payment required)', async () => {
    const pp = sectigoClient(mock.urls.sectigo, prepaid);
    const credit = () => mock.server.ctx.store.accountByLogin('sectigo', 'sectigo-prepaid')!.profile.credit;
    const test = await pp.call('AutoApplySSL', await applyForm({ test: 'Y' }));
    expect(test.fields).toMatchObject({ errorCode: '0', totalCost: '0.00' });
    expect(coreOrder(mock, test.fields.orderNumber as string).order.test).toBe(true);
    expect(credit()).toBe(100);
    expect((await pp.call('AutoApplySSL', await applyForm())).fields.errorCode).toBe('0');
    expect(credit()).toBe(51);
    const unpaid = await pp.call('AutoApplySSL', await applyForm({ product: '289' }, { commonName: '*.example.org' }));
    expect(unpaid.fields).toMatchObject({ errorCode: '1', totalCost: '149.00' });
    expect(credit()).toBe(51);
    const collect = await pp.call('CollectSSL', { orderNumber: unpaid.fields.orderNumber as string, queryType: '0', responseFormat: '1' });
    expect(collect.fields).toEqual({ errorCode: '-22', errorMessage: 'Still awaiting payment!' });
  });

  it('without allowUnpaidOrders, too little credit is -15', async () => {
    const { store } = mock.server.ctx;
    const account = store.accountByLogin('sectigo', 'sectigo-prepaid')!;
    store.update('accounts', account.id, { profile: { credit: 10 } });
    const res = await sectigoClient(mock.urls.sectigo, prepaid).call('AutoApplySSL', await applyForm());
    expect(res.fields).toEqual({ errorCode: '-15', errorMessage: 'Not enough credit!' });
  });
});

describe('AutoReplaceSSL', () => {
  it('replaces an issued certificate: new certificateID, the old one becomes replaced once the new one issues', async () => {
    const { orderNumber, certificateID } = await orderIssued(api);
    const res = await api.call('AutoReplaceSSL', { orderNumber, csr: await makeCsr({ commonName: 'shop.example.org', key: 'ec-p384' }), dcvMethod: 'HTTP_CSR_HASH', responseFormat: '1' });
    expect(res.fields.errorCode).toBe('0');
    expect(res.fields.certificateID).toMatch(/^\d{10}$/);
    expect(res.fields.certificateID).not.toBe(certificateID);
    for (let i = 0; i < 2; i++) await api.call('CollectSSL', { orderNumber, queryType: '0' });
    const certs = coreOrder(mock, orderNumber).certificates;
    expect(certs.map((c) => [c.publicId, c.status])).toEqual([
      [certificateID, 'replaced'],
      [res.fields.certificateID, 'issued'],
    ]);
  });

  it('answers key<TAB>value lines in newline mode', async () => {
    const { orderNumber } = await orderIssued(api);
    const res = await api.call('AutoReplaceSSL', { orderNumber, csr: await makeCsr({ commonName: 'shop.example.org' }), dcvMethod: 'HTTP_CSR_HASH' });
    expect(res.lines[0]).toBe('0');
    expect(res.lines[1]).toMatch(/^certificateID\t\d{10}$/);
  });

  it('-26 while the certificate is being issued, -36 once expired, CSR codes for a bad CSR', async () => {
    const pending = await order(api);
    const form = async (orderNumber: string, csr?: string) => ({ orderNumber, csr: csr ?? (await makeCsr({ commonName: 'shop.example.org' })), responseFormat: '1' });
    expect((await api.call('AutoReplaceSSL', await form(pending.orderNumber))).fields.errorCode).toBe('-26');
    const issued = await orderIssued(api);
    expect((await api.call('AutoReplaceSSL', await form(issued.orderNumber, tamperSignature(await makeCsr())))).fields.errorCode).toBe('-12');
    expect(await control(mock, issued.orderNumber, 'expire')).toBe(200);
    expect((await api.call('AutoReplaceSSL', await form(issued.orderNumber))).fields).toEqual({ errorCode: '-36', errorMessage: 'The certificate has already expired!' });
  });
});

it('orders are placed for the calling login only', async () => {
  const placed = await order(api);
  const other = sectigoClient(mock.urls.sectigo, { loginName: 'sectigo-other', loginPassword: 'sectigo-other-password' });
  expect((await other.call('CollectSSL', { orderNumber: placed.orderNumber, queryType: '0', responseFormat: '1' })).fields.errorCode).toBe('-4');
});

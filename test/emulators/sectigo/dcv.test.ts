import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../../src/index.js';
import { startTestServer } from '../../support/server.js';
import { applyForm, coreOrder, order, orderIssued, sectigoClient, type SectigoClient } from './support.js';

let mock: MockCaHandle;
let api: SectigoClient;

beforeAll(async () => {
  mock = await startTestServer();
  api = sectigoClient(mock.urls.sectigo);
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

describe('GetDCVEmailAddressList', () => {
  it('answers the classic newline + TAB list by default (and for responseFormat=1)', async () => {
    const res = await api.call('GetDCVEmailAddressList', { domainName: 'www.example.org' });
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.text).toBe(
      [
        '0',
        'domain_name\twww.example.org',
        'whois_email\tnone',
        ...['admin', 'administrator', 'hostmaster', 'postmaster', 'webmaster'].map((b) => `level2_email\t${b}@example.org`),
        ...['admin', 'administrator', 'hostmaster', 'postmaster', 'webmaster'].map((b) => `level3_email\t${b}@www.example.org`),
        '',
      ].join('\n'),
    );
    for (const responseFormat of ['0', '1']) {
      expect((await api.call('GetDCVEmailAddressList', { domainName: 'www.example.org', responseFormat })).text).toBe(res.text);
    }
  });

  it('answers JSON with responseFormat=2; a registrable domain has no level 3 list', async () => {
    const res = await api.call('GetDCVEmailAddressList', { domainName: '*.example.co.uk', responseFormat: '2' });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.json).toEqual({
      errorCode: 0,
      domain_name: 'example.co.uk',
      whois_email: 'none',
      level2_email: ['admin@example.co.uk', 'administrator@example.co.uk', 'hostmaster@example.co.uk', 'postmaster@example.co.uk', 'webmaster@example.co.uk'],
    });
  });

  it('-19 for an Internet-accessible IP address, -37 for a server name or private IP, -4 for junk', async () => {
    expect((await api.call('GetDCVEmailAddressList', { domainName: '8.8.8.8' })).lines).toEqual(['-19', 'The domain name may not be an Internet-accessible IP Address!']);
    expect((await api.call('GetDCVEmailAddressList', { domainName: 'mailserver' })).lines[0]).toBe('-37');
    expect((await api.call('GetDCVEmailAddressList', { domainName: '10.0.0.1' })).lines[0]).toBe('-37');
    expect((await api.call('GetDCVEmailAddressList', { domainName: 'bad_name!.com' })).lines[0]).toBe('-4');
    expect((await api.call('GetDCVEmailAddressList', { domainName: 'x.com', responseFormat: '2' })).json).toMatchObject({ errorCode: 0 });
    expect((await api.call('GetDCVEmailAddressList', { domainName: '8.8.8.8', responseFormat: '2' })).json).toEqual({
      errorCode: -19,
      errorMessage: 'The domain name may not be an Internet-accessible IP Address!',
    });
  });
});

describe('ResendDCVEmail', () => {
  it('sends the DCV email again (outbox), optionally to another approver address', async () => {
    const placed = await order(api, { dcvMethod: 'EMAIL', dcvEmailAddress: 'admin@example.org' });
    const res = await api.call('ResendDCVEmail', { orderNumber: placed.orderNumber });
    expect(res.headers.get('content-type')).toMatch(/^application\/x-www-form-urlencoded/);
    expect(res.text).toBe('errorCode=0');
    expect((await api.call('ResendDCVEmail', { orderNumber: placed.orderNumber, dcvEmailAddress: 'webmaster@shop.example.org', responseFormat: '0' })).text).toBe('0\n');
    const outbox = mock.server.ctx.store.outbox().filter((m) => m.kind === 'dcv');
    // the order's own email, the resend to the last address, the resend to the new one
    expect(outbox.map((m) => m.to)).toEqual(['admin@example.org', 'admin@example.org', 'webmaster@shop.example.org']);
    expect(new Set(outbox.map((m) => m.link)).size).toBe(1);
    expect(coreOrder(mock, placed.orderNumber).validations[0].emails).toEqual(['webmaster@shop.example.org']);
  });

  it('-4 for an address that is not an approver, or an order without a pending email DCV', async () => {
    const placed = await order(api, { dcvMethod: 'EMAIL', dcvEmailAddress: 'admin@example.org' });
    expect((await api.call('ResendDCVEmail', { orderNumber: placed.orderNumber, dcvEmailAddress: 'me@gmail.com' })).fields).toMatchObject({ errorCode: '-4', errorItem: 'dcvEmailAddress' });
    const hashed = await order(api);
    expect((await api.call('ResendDCVEmail', { orderNumber: hashed.orderNumber })).fields).toMatchObject({ errorCode: '-4', errorItem: 'orderNumber' });
    expect((await api.call('ResendDCVEmail', {})).fields).toMatchObject({ errorCode: '-3', errorItem: 'orderNumber' });
  });
});

describe('AutoUpdateDCV', () => {
  it('rejects responseFormat with -2, as the real one does', async () => {
    const res = await api.call('AutoUpdateDCV', { orderNumber: '10000001', newMethod: 'CNAME_CSR_HASH', responseFormat: '1' });
    expect(res.text).toBe('errorCode=-2&errorMessage=%27responseFormat%27+is+an+unrecognised+argument%21&errorItem=responseFormat');
  });

  it('switches a pending domain to another method (new proof from the same CSR) and answers errorCode=0', async () => {
    const placed = await order(api, { uniqueValue: 'Salt1' });
    const res = await api.call('AutoUpdateDCV', { orderNumber: placed.orderNumber, newMethod: 'CNAME_CSR_HASH' });
    expect(res.text).toBe('errorCode=0');
    const { order: o, validations } = coreOrder(mock, placed.orderNumber);
    expect(o.dcvMethod).toBe('CNAME_CSR_HASH');
    expect(validations[0]).toMatchObject({ method: 'CNAME_CSR_HASH', proof: { type: 'dns', rrtype: 'CNAME' } });
    expect((validations[0].proof as { value: string }).value).toMatch(/^[0-9a-f]{32}\.[0-9a-f]{32}\.salt1\.sectigo\.com\.$/);

    const email = await api.call('AutoUpdateDCV', { orderNumber: placed.orderNumber, domainName: 'shop.example.org', newMethod: 'EMAIL', newDCVEmailAddress: 'admin@example.org' });
    expect(email.text).toBe('errorCode=0');
    expect(coreOrder(mock, placed.orderNumber).validations[0]).toMatchObject({ method: 'EMAIL', emails: ['admin@example.org'] });
  });

  it('multi-domain form: domainNames (space-separated) with newMethods (comma-separated)', async () => {
    const res = await api.call(
      'AutoApplySSL',
      await applyForm({ product: '279', domainNames: 'a.example.org,b.example.com' }, { commonName: 'a.example.org' }),
    );
    const orderNumber = res.fields.orderNumber as string;
    const upd = await api.call('AutoUpdateDCV', {
      orderNumber,
      domainNames: 'a.example.org b.example.com',
      newMethods: 'EMAIL,HTTPS_CSR_HASH',
      newDCVEmailAddresses: 'admin@example.org',
    });
    expect(upd.text).toBe('errorCode=0');
    expect(coreOrder(mock, orderNumber).validations.map((v) => v.method)).toEqual(['EMAIL', 'HTTPS_CSR_HASH']);
    expect((await api.call('AutoUpdateDCV', { orderNumber, newMethod: 'EMAIL' })).fields).toMatchObject({ errorCode: '-3', errorItem: 'domainName' });
    expect((await api.call('AutoUpdateDCV', { orderNumber, domainName: 'c.example.net', newMethod: 'HTTP_CSR_HASH' })).fields).toMatchObject({
      errorCode: '-4',
      errorItem: 'domainName',
    });
    expect((await api.call('AutoUpdateDCV', { orderNumber, domainName: 'a.example.org', newMethod: 'EMAIL' })).fields).toMatchObject({
      errorCode: '-3',
      errorItem: 'newDCVEmailAddress',
    });
  });
});

describe('GetMDCDomainDetails', () => {
  it('answers n_domainName / n_dcvMethod / n_dcvStatus URL-encoded by default and as JSON with responseFormat=2', async () => {
    const res = await api.call('AutoApplySSL', await applyForm({ product: '279', domainNames: 'a.example.org,b.example.com' }, { commonName: 'a.example.org' }));
    const orderNumber = res.fields.orderNumber as string;
    const details = await api.call('GetMDCDomainDetails', { orderNumber });
    expect(details.fields).toEqual({
      errorCode: '0',
      '1_domainName': 'a.example.org',
      '1_dcvMethod': 'HTTP_CSR_HASH',
      '1_dcvStatus': 'Awaiting Validation',
      '2_domainName': 'b.example.com',
      '2_dcvMethod': 'HTTP_CSR_HASH',
      '2_dcvStatus': 'Awaiting Validation',
    });
    const json = await api.call('GetMDCDomainDetails', { orderNumber, responseFormat: '2', showStatusDetails: 'Y' });
    expect(json.json).toMatchObject({ errorCode: 0, '1_domainName': 'a.example.org', '2_dcvStatus': 'Awaiting Validation' });
    expect(json.json['1_dcvDetails']).toMatch(/^http:\/\/a\.example\.org\/\.well-known\/pki-validation\//);
  });

  it('says Validated once issued, and works for single-domain orders', async () => {
    const { orderNumber } = await orderIssued(api);
    expect((await api.call('GetMDCDomainDetails', { orderNumber })).fields).toMatchObject({ '1_domainName': 'shop.example.org', '1_dcvStatus': 'Validated' });
    expect((await api.call('GetMDCDomainDetails', { orderNumber, responseFormat: '0' })).fields).toMatchObject({ errorCode: '-4', errorItem: 'responseFormat' });
  });
});

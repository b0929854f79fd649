import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { x509 } from '../../src/ca/x509.js';
import { parseConfig } from '../../src/config.js';
import { makeCsr } from '../support/csr.js';
import type { MockCaHandle } from '../../src/index.js';
import { httpClient, startTestServer, type HttpClient } from '../support/server.js';
import { consoleClient, fixtureId, orderPending, otpFrom, regfishKey, type ConsoleClient } from './support.js';

let mock: MockCaHandle;
let web: ConsoleClient;
let regfish: HttpClient;
let control: HttpClient;

beforeAll(async () => {
  mock = await startTestServer({ consoleSecondFactor: 'email-otp' });
  web = consoleClient(mock.urls.control);
  regfish = httpClient(mock.urls.regfish, { 'x-api-key': regfishKey });
  control = httpClient(mock.urls.control);
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const fixturePath = `/certificates/regfish/${fixtureId}/0`;

/** Walks from More Actions → Reissue to the Domain Ownership Verification step; returns the draft path. */
async function reissueUpToVerification(): Promise<string> {
  const start = await web.post(`${fixturePath}/action`, { action: 'reissue', confirm: 'yes' });
  expect(start.status).toBe(303);
  const draft = start.location.replace(/\/subject$/, '');
  expect((await web.post(`${draft}/subject`, { common_name: 'example.com', csr: '' })).location).toBe(`${draft}/san`);
  expect((await web.post(`${draft}/san`)).location).toBe(`${draft}/validity`);
  expect((await web.post(`${draft}/validity`, { validity_days: '30' })).location).toBe(`${draft}/verification`);
  return draft;
}

describe('Issued Certificates', () => {
  it('lists the certificates of every vendor and filters by vendor, status and name', async () => {
    await orderPending(regfish, 'shop.example.org');
    expect((await web.get('/')).location).toBe('/certificates');
    const all = await web.get('/certificates');
    expect(all.status).toBe(200);
    expect(all.html).toContain(`data-order="${fixtureId}"`);
    expect(all.html).toContain('shop.example.org');
    const pending = await web.get('/certificates?status=pending');
    expect(pending.html).toContain('shop.example.org');
    expect(pending.html).not.toContain(`data-order="${fixtureId}"`);
    const byName = await web.get('/certificates?name=www.example.com');
    expect(byName.html).toContain(`data-order="${fixtureId}"`);
    expect(byName.html).not.toContain('shop.example.org</td>');
    const digicert = await web.get('/certificates?vendor=digicert');
    expect(digicert.html).not.toContain(`data-order="${fixtureId}"`);
  });

  it('downloads the PEM with the chain', async () => {
    const res = await web.get(`${fixturePath}/pem`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('example.com.pem');
    expect(res.html.match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
  });
});

describe('reissue flow with email OTP second factor', () => {
  it('walks every step; the reissue shows in Regfish as pending with the reissue sub-object', async () => {
    expect((await web.post(`${fixturePath}/action`, { action: 'reissue' })).location).toContain('error=');
    const draft = await reissueUpToVerification();

    const unverified = await web.get(`${draft}/verification`);
    expect(unverified.html.match(/>Unverified</g)).toHaveLength(2);
    expect((await web.post(`${draft}/verification`, { next: 'yes' })).html).toContain('Every domain must be Verified');

    // example.com: the emulated DNS gets the record; www.example.com: Verify is pressed.
    const record = /(_dnsauth\.example\.com\.) CNAME ([^<\s]+)</.exec(unverified.html)!;
    expect((await control.post('/api/dns/records', { name: record[1], type: 'CNAME', data: record[2] })).status).toBe(201);
    const half = await web.get(`${draft}/verification`);
    expect(half.html.match(/>Verified</g)).toHaveLength(1);
    expect((await web.post(`${draft}/verification`, { verify: 'www.example.com' })).status).toBe(303);
    expect((await web.get(`${draft}/verification`)).html.match(/>Unverified</g)).toBeNull();
    expect((await web.post(`${draft}/verification`, { next: 'yes' })).location).toBe(`${draft}/submit`);

    const noAgreement = await web.post(`${draft}/submit`, { message: 'lost the key' });
    expect(noAgreement.status).toBe(400);
    expect(noAgreement.html).toContain('Subscriber Agreement');
    expect((await web.post(`${draft}/submit`, { message: 'lost the key', agreement: 'yes' })).location).toBe(`${draft}/second-factor`);

    const outbox = await web.get('/outbox');
    expect(outbox.html).toContain('console.user@mockca.test');
    expect(outbox.html).toContain(`${draft}/second-factor`);
    const code = otpFrom(outbox.html);
    const wrong = await web.post(`${draft}/second-factor`, { code: code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('The verification code is wrong.');
    expect((await regfish.get(`/tls/certificate/${fixtureId}`)).body.response).not.toHaveProperty('reissue');

    const done = await web.post(`${draft}/second-factor`, { code });
    expect(done.location).toBe(`${draft}/done`);
    expect((await web.get(`${draft}/done`)).html).toContain('Reissue Requested');

    const seen = (await regfish.get(`/tls/certificate/${fixtureId}`)).body.response;
    expect(seen).toMatchObject({ status: 'pending', order_state: 'PENDING', reissue: { id: 1, status: 'pending', common_name: 'example.com', order_state: 'PENDING' } });
    const issued = (await regfish.get(`/tls/certificate/${fixtureId}`)).body.response;
    expect(issued).toMatchObject({ status: 'issued', reissue: { status: 'issued' } });

    const listing = await web.get('/reissue-requests');
    expect(listing.html).toContain('lost the key');
    expect(listing.html).toContain('console');
  });

  it('refuses an expired code (virtual clock) and accepts a newly sent one', async () => {
    const draft = await reissueUpToVerification();
    await web.post(`${draft}/verification`, { verify: 'example.com' });
    await web.post(`${draft}/verification`, { verify: 'www.example.com' });
    await web.post(`${draft}/submit`, { agreement: 'yes' });
    const first = otpFrom((await web.get('/outbox')).html);
    mock.clock.advance(11 * 60_000);
    const expired = await web.post(`${draft}/second-factor`, { code: first });
    expect(expired.status).toBe(400);
    expect(expired.html).toContain('expired');
    await web.post(`${draft}/second-factor`, { resend: 'yes' });
    const second = otpFrom((await web.get('/outbox')).html);
    expect((await web.post(`${draft}/second-factor`, { code: second })).location).toBe(`${draft}/done`);
  });

  it('a reissue started before a reset is no longer open afterwards (its order is gone)', async () => {
    const id = await orderPending(regfish, 'shop.example.org');
    await control.post(`/api/orders/regfish/${id}/issue`);
    const start = await web.post(`/certificates/regfish/${id}/0/action`, { action: 'reissue', confirm: 'yes' });
    const draft = start.location.replace(/\/subject$/, '');
    expect((await web.get(`${draft}/subject`)).status).toBe(200);
    await mock.reset();
    const res = await web.get(`${draft}/verification`);
    expect(res.status).toBe(303);
    expect(decodeURIComponent(res.location)).toContain('no longer open');
  });

  it('a reissue refused by the core (one already pending) is shown, not filed twice', async () => {
    const draft = await reissueUpToVerification();
    const other = await reissueUpToVerification();
    for (const d of [draft, other]) {
      await web.post(`${d}/verification`, { verify: 'example.com' });
      await web.post(`${d}/verification`, { verify: 'www.example.com' });
      await web.post(`${d}/submit`, { agreement: 'yes' });
    }
    const outbox = (await web.get('/outbox')).html;
    const codes = [...outbox.matchAll(/one-time verification code is (\d{6})/g)].map((m) => m[1]);
    expect((await web.post(`${other}/second-factor`, { code: codes[0] })).location).toBe(`${other}/done`);
    const refused = await web.post(`${draft}/second-factor`, { code: codes[1] });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('Reissue refused');
  });
});

describe('reissue of the other vendors', () => {
  async function reissueThroughConsole(rowPath: string, message: string): Promise<string> {
    const start = await web.post(`${rowPath}/action`, { action: 'reissue', confirm: 'yes' });
    const draft = start.location.replace(/\/subject$/, '');
    await web.post(`${draft}/subject`, { csr: '' });
    await web.post(`${draft}/san`);
    await web.post(`${draft}/validity`, { validity_days: '30' });
    const page = await web.get(`${draft}/verification`);
    for (const [, domain] of page.html.matchAll(/data-domain="([^"]+)"/g)) await web.post(`${draft}/verification`, { verify: domain });
    await web.post(`${draft}/submit`, { agreement: 'yes', message });
    const code = otpFrom((await web.get('/outbox')).html);
    expect((await web.post(`${draft}/second-factor`, { code })).location).toBe(`${draft}/done`);
    return draft;
  }

  it('DigiCert: the order shows reissue_pending with an approved reissue request carrying the message, then the new certificate', async () => {
    const digicert = httpClient(`${mock.urls.digicert}/services/v2`, { 'X-DC-DEVKEY': 'digicert-demo-key' });
    const before = (await digicert.get('/order/certificate/31415926')).body;
    await reissueThroughConsole(`/certificates/digicert/31415926/${before.certificate.id}`, 'rotated after audit');
    const pending = (await digicert.get('/order/certificate/31415926')).body;
    expect(pending.status).toBe('reissue_pending');
    expect(pending.requests).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'reissue', status: 'approved', comments: 'rotated after audit' })]));
    const issued = (await digicert.get('/order/certificate/31415926')).body;
    expect(issued.status).toBe('issued');
    expect(issued.certificate.id).not.toBe(before.certificate.id);
  });

  it('Sectigo: a new pending certificate of kind reissue on the same order', async () => {
    await reissueThroughConsole('/certificates/sectigo/10000001/2000000001', 'sectigo rekey');
    const order = (await control.get('/api/orders/sectigo/10000001')).body;
    expect(order.certificates.map((c: { kind: string }) => c.kind)).toEqual(['original', 'reissue']);
    expect(order.certificates[1].id).toMatch(/^\d+$/);
  });
});

describe('More Actions', () => {
  it('revoke with a reason: Regfish shows certificate_revoked, status by serial shows the reason', async () => {
    const res = await web.post(`${fixturePath}/revoke`, { reason: '1', back: '/certificates' });
    expect(res.location).toMatch(/^\/certificates\?ok=/);
    expect((await regfish.get(`/tls/certificate/${fixtureId}`)).body.response.status).toBe('certificate_revoked');
    const serial = (await control.get(`/api/orders/regfish/${fixtureId}`)).body.certificates[0].serial;
    expect((await control.get(`/api/certificates/${serial}`)).body).toMatchObject({ status: 'revoked', revocation_reason: 1 });
    expect((await web.get('/certificates?status=revoked')).html).toContain(`data-order="${fixtureId}"`);
  });

  it('approve DCV, reject and expire go through the same order actions as the control API', async () => {
    const id = await orderPending(regfish, 'shop.example.org');
    expect((await web.post(`/certificates/regfish/${id}/0/reject`, { back: '/certificates' })).location).toContain('ok=');
    expect((await regfish.get(`/tls/certificate/${id}`)).body.response.status).toBe('rejected');
    expect((await web.post(`/certificates/regfish/${id}/0/reject`, { back: '/certificates' })).location).toContain('error=');
    expect((await web.post(`${fixturePath}/expire`, { back: '/certificates' })).location).toContain('ok=');
    expect((await regfish.get(`/tls/certificate/${fixtureId}`)).body.response.status).toBe('expired');
    const other = await orderPending(regfish, 'dcv.example.org');
    await web.post(`/certificates/regfish/${other}/0/approve-dcv`, { back: '/certificates' });
    const order = (await control.get(`/api/orders/regfish/${other}`)).body;
    expect(order.validations.every((v: { status: string }) => v.status === 'valid')).toBe(true);
  });
});

describe('Desktop Signing', () => {
  it('issues a document signing certificate and reissues it with an edited common name', async () => {
    const made = await web.post('/desktop-signing/new', { common_name: 'Erika Mustermann', validity_days: '365', csr: '' });
    expect(made.status).toBe(200);
    expect(made.html).toContain('Certificate Generated');
    expect(made.html).toContain('BEGIN PRIVATE KEY');
    const list = await web.get('/desktop-signing');
    const [, order, cert] = /data-order="(DS\d+)" data-cert="(\d+)"/.exec(list.html)!;
    const pem = (await web.get(`/certificates/digicert/${order}/${cert}/pem`)).html;
    const leaf = new x509.X509Certificate(pem);
    const eku = leaf.getExtension(x509.ExtendedKeyUsageExtension)!;
    expect(eku.usages).toContain('1.3.6.1.5.5.7.3.36');
    expect(eku.usages).not.toContain(x509.ExtendedKeyUsage.serverAuth);
    expect(leaf.subject).toContain('CN=Erika Mustermann');

    const start = await web.post(`/certificates/digicert/${order}/${cert}/action`, { action: 'reissue', confirm: 'yes' });
    const draft = start.location.replace(/\/subject$/, '');
    expect((await web.post(`${draft}/subject`, { common_name: 'Erika M. Mustermann', csr: '' })).location).toBe(`${draft}/validity`);
    expect((await web.post(`${draft}/validity`, { validity_days: '200' })).location).toBe(`${draft}/submit`);
    expect((await web.post(`${draft}/submit`, { agreement: 'yes', message: 'name change' })).location).toBe(`${draft}/second-factor`);
    const code = otpFrom((await web.get('/outbox')).html);
    expect((await web.post(`${draft}/second-factor`, { code })).location).toBe(`${draft}/done`);
    expect((await web.get(`${draft}/done`)).html).toContain('Certificate Generated');

    const reissues = await web.get('/desktop-signing/reissue-requests');
    expect(reissues.html).toContain('Erika M. Mustermann');
    expect(reissues.html).toContain('name change');
    expect((await web.get('/reissue-requests')).html).not.toContain('Erika M. Mustermann');
    expect((await web.get('/certificates')).html).not.toContain('Erika');
  });
});

describe('Outbox', () => {
  it('lists a DigiCert DCV email with its working link, and Approve validates the domain', async () => {
    const digicert = httpClient(`${mock.urls.digicert}/services/v2`, { 'X-DC-DEVKEY': 'digicert-demo-key' });
    const created = await digicert.post('/order/certificate/ssl_dv_geotrust', {
      certificate: { common_name: 'mail.example.org', csr: await makeCsr({ commonName: 'mail.example.org' }), signature_hash: 'sha256', server_platform: { id: 45 } },
      validity_years: 1,
      dcv_method: 'email',
      skip_approval: true,
    });
    expect(created.status).toBe(201);
    const page = await web.get('/outbox');
    const link = /href="([^"]+\/api\/outbox\/[^"]+\/approve)"/.exec(page.html)![1];
    expect(link.startsWith(mock.urls.control)).toBe(true);
    const id = /action="\/outbox\/(\d+)\/approve"/.exec(page.html)![1];
    const approved = await web.post(`/outbox/${id}/approve`);
    expect(decodeURIComponent(approved.location)).toContain('Approved: mail.example.org.');
    const order = (await control.get(`/api/orders/digicert/${created.body.id}`)).body;
    expect(order.validations[0].status).toBe('valid');
    expect((await web.get('/outbox')).html).not.toContain(`action="/outbox/${id}/approve"`);
  });
});

describe('outbox, scenarios, clock, journal', () => {
  it('renders each page, and the clock advances from the console', async () => {
    for (const path of ['/outbox', '/scenarios', '/clock', '/journal', '/reissue-requests', '/desktop-signing/new']) {
      expect((await web.get(path)).status, path).toBe(200);
    }
    const before = mock.clock.now().getTime();
    expect((await web.post('/clock/advance', { amount: '2', unit: 'days' })).location).toContain('ok=');
    expect(mock.clock.now().getTime() - before).toBeGreaterThanOrEqual(2 * 86_400_000);
  });
});

describe('config', () => {
  it('takes console.secondFactor from a config file shape, and consoleSecondFactor directly', () => {
    expect(parseConfig({ console: { secondFactor: 'email-otp' } }).consoleSecondFactor).toBe('email-otp');
    expect(parseConfig({}).consoleSecondFactor).toBe('off');
    expect(() => parseConfig({ consoleSecondFactor: 'sms' })).toThrow(/consoleSecondFactor/);
  });
});

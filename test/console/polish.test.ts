/**
 * Console polish over HTTP: Regfish ids as Regfish shows them, the revoke confirmation step, the
 * favicon, and messages in the right number.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { x509 } from '../../src/ca/x509.js';
import { counted } from '../../src/console/pager.js';
import { order as digicertOrder } from '../emulators/digicert/support.js';
import { httpClient, startTestServer, type HttpClient } from '../support/server.js';
import { consoleClient, fixtureId, orderPending, regfishKey, type ConsoleClient } from './support.js';

let mock: MockCaHandle;
let web: ConsoleClient;
let regfish: HttpClient;
let control: HttpClient;
beforeAll(async () => {
  mock = await startTestServer();
  web = consoleClient(mock.urls.control);
  regfish = httpClient(mock.urls.regfish, { 'x-api-key': regfishKey });
  control = httpClient(mock.urls.control);
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const fixturePath = `/certificates/regfish/${fixtureId}/0`;
const flashOf = (location: string) => new URL(location, 'http://console').searchParams.get('ok') ?? new URL(location, 'http://console').searchParams.get('error');

/** The HTML of one table row (`<tr data-order="…">…</tr>`) of a page. */
function rowHtml(html: string, orderId: string, certId?: string): string {
  const rows = html.match(/<tr data-order[^>]*>[\s\S]*?<\/tr>/g) ?? [];
  const row = rows.find((r) => r.includes(`data-order="${orderId}"`) && (certId === undefined || r.includes(`data-cert="${certId}"`)));
  if (!row) throw new Error(`no row for ${orderId} ${certId ?? ''}`);
  return row;
}

/** The text of a row's ID cell, tags removed. */
const idCell = (row: string) =>
  /<td class="ids">([\s\S]*?)<\/td>/
    .exec(row)![1]
    .replace(/<a [\s\S]*?<\/a>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

async function serialOfFixture(): Promise<string> {
  return (await control.get(`/api/orders/regfish/${fixtureId}`)).body.certificates[0].serial as string;
}

async function crlSerials(): Promise<string[]> {
  const res = await fetch(`${mock.urls.control}/api/ca/crl`);
  const crl = new x509.X509Crl(new Uint8Array(await res.arrayBuffer()));
  return (crl.entries ?? []).map((e) => e.serialNumber.toLowerCase());
}

describe('certificate ids as each vendor shows them', () => {
  it('a Regfish row shows its TLS certificate id, not "<order> / 0"', async () => {
    const page = await web.get('/certificates?vendor=regfish');
    const row = rowHtml(page.html, fixtureId);
    expect(idCell(row)).toBe(fixtureId);
    expect(page.html).not.toMatch(/ \/ 0\b/);
  });

  it('a Regfish reissue shows the id and the reissue number of the API’s reissue.id, on both lists', async () => {
    const reissued = await regfish.post(`/tls/certificate/${fixtureId}/reissue`, { csr: 'MIIC...', dcv_method: 'dns-cname-token' });
    expect(reissued.status).toBe(200);
    expect((await regfish.get(`/tls/certificate/${fixtureId}`)).body.response.reissue.id).toBe(1);
    expect(idCell(rowHtml((await web.get('/certificates?vendor=regfish')).html, fixtureId, '1'))).toBe(`${fixtureId} reissue 1`);
    expect(idCell(rowHtml((await web.get('/reissue-requests')).html, fixtureId, '1'))).toBe(`${fixtureId} reissue 1`);
  });

  it('DigiCert and Sectigo rows show their order and certificate ids, labelled', async () => {
    const digicert = httpClient(`${mock.urls.digicert}/services/v2`, { 'X-DC-DEVKEY': 'digicert-demo-key' });
    const placed = await digicertOrder(digicert, { common_name: 'shop.example.org' });
    const page = (await web.get('/certificates')).html;
    const order = (await control.get(`/api/orders/digicert/${placed.id}`)).body;
    expect(idCell(rowHtml(page, String(placed.id)))).toBe(`order ${placed.id} cert ${order.certificates[0].id}`);
    expect(idCell(rowHtml(page, '10000001'))).toBe('order 10000001 cert 2000000001');
  });

  it('action messages name a Regfish certificate by its id', async () => {
    const id = await orderPending(regfish, 'shop.example.org');
    const res = await web.post(`/certificates/regfish/${id}/0/reject`, { back: '/certificates' });
    expect(flashOf(res.location)).toBe(`Certificate shop.example.org (regfish ${id}) rejected.`);
  });
});

describe('revoke asks to confirm first', () => {
  it('More Actions links to a confirmation page instead of revoking from the row', async () => {
    const row = rowHtml((await web.get('/certificates')).html, fixtureId);
    expect(row).toContain(`href="${fixturePath}/revoke?back=%2Fcertificates"`);
    expect(row).not.toContain(`action="${fixturePath}/revoke"`);
  });

  it('the confirmation page asks, offers the reasons and Cancel, and changes nothing', async () => {
    const page = await web.get(`${fixturePath}/revoke?back=${encodeURIComponent('/certificates?vendor=regfish')}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Revoke certificate <strong>example.com</strong>');
    expect(page.html).toContain(`action="${fixturePath}/revoke"`);
    expect(page.html).toContain('<option value="1">Key compromise</option>');
    expect(page.html).toMatch(/<a class="button secondary" href="\/certificates\?vendor=regfish">Cancel<\/a>/);
    expect((await regfish.get(`/tls/certificate/${fixtureId}`)).body.response.status).toBe('issued');
    expect(await crlSerials()).not.toContain((await serialOfFixture()).toLowerCase());
  });

  it('its Revoke button revokes with the reason: the CRL lists the serial, Regfish says certificate_revoked', async () => {
    const res = await web.post(`${fixturePath}/revoke`, { reason: '1', back: '/certificates' });
    expect(res.status).toBe(303);
    expect(flashOf(res.location)).toBe(`Certificate example.com (regfish ${fixtureId}) revoked.`);
    expect((await regfish.get(`/tls/certificate/${fixtureId}`)).body.response.status).toBe('certificate_revoked');
    expect(await crlSerials()).toContain((await serialOfFixture()).toLowerCase());
  });

  it('a revoked certificate is not offered again: the page sends back with the reason', async () => {
    await web.post(`${fixturePath}/revoke`, { reason: '0', back: '/certificates' });
    const again = await web.get(`${fixturePath}/revoke`);
    expect(again.status).toBe(303);
    expect(again.location).toMatch(/^\/certificates\?error=/);
    expect(flashOf(again.location)).toBe(`example.com (regfish ${fixtureId}) is revoked; only an issued or replaced certificate can be revoked.`);
    expect(rowHtml((await web.get('/certificates')).html, fixtureId)).not.toContain('Revoke…');
  });

  it('a reason that is not on the list is refused and nothing is revoked', async () => {
    for (const reason of ['7', '8', 'x', '-1']) {
      const res = await web.post(`${fixturePath}/revoke`, { reason, back: '/certificates' });
      expect(flashOf(res.location), reason).toBe('Pick one of the listed revocation reasons.');
    }
    expect((await regfish.get(`/tls/certificate/${fixtureId}`)).body.response.status).toBe('issued');
  });

  it('an unknown certificate answers a 404 console page; a foreign back leads to Issued Certificates', async () => {
    const missing = await web.get(`/certificates/regfish/${fixtureId}/9/revoke`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('text/html');
    expect(missing.html).toContain('There is no such certificate.');
    const foreign = await web.get(`${fixturePath}/revoke?back=${encodeURIComponent('//evil.example')}`);
    expect(foreign.html).toMatch(/href="\/certificates">Cancel</);
    const pem = await web.get(`/certificates/regfish/${fixtureId}/9/pem`);
    expect(pem.status).toBe(404);
    expect(pem.html).toContain('<title>Certificate not found');
  });
});

describe('revoke in Desktop Signing', () => {
  it('goes through the same confirmation and back to the Desktop Signing list', async () => {
    expect((await web.post('/desktop-signing/new', { common_name: 'Erika Mustermann', validity_days: '30', csr: '' })).status).toBe(200);
    const [, order, cert] = /data-order="(DS\d+)" data-cert="(\d+)"/.exec((await web.get('/desktop-signing')).html)!;
    const path = `/certificates/digicert/${order}/${cert}`;
    const confirm = await web.get(`${path}/revoke?back=%2Fdesktop-signing`);
    expect(confirm.html).toContain('Revoke certificate <strong>Erika Mustermann</strong>');
    expect(confirm.html).toMatch(/href="\/desktop-signing">Cancel</);
    const done = await web.post(`${path}/revoke`, { reason: '4', back: '/desktop-signing' });
    expect(done.location).toMatch(/^\/desktop-signing\?ok=/);
    expect(flashOf(done.location)).toBe(`Certificate Erika Mustermann (digicert order ${order}, cert ${cert}) revoked.`);
    const serial = (await control.get(`/api/orders/digicert/${order}`)).body.certificates[0].serial as string;
    expect(await crlSerials()).toContain(serial.toLowerCase());
  });

  it('a pending certificate has no PEM yet: a 404 page that says so', async () => {
    const id = await orderPending(regfish, 'shop.example.org');
    const res = await web.get(`/certificates/regfish/${id}/0/pem`);
    expect(res.status).toBe(404);
    expect(res.html).toContain(`shop.example.org (regfish ${id}) has no certificate to download yet.`);
  });
});

describe('favicon', () => {
  it('every page links an SVG icon, served at /favicon.svg and /favicon.ico', async () => {
    for (const path of ['/certificates', '/outbox', '/clock', `${fixturePath}/revoke`]) {
      expect((await web.get(path)).html, path).toContain('<link rel="icon" type="image/svg+xml" href="/favicon.svg"/>');
    }
    for (const path of ['/favicon.svg', '/favicon.ico']) {
      const res = await web.get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toBe('image/svg+xml; charset=utf-8');
      expect(res.html, path).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 32 32">[\s\S]*<\/svg>\n$/);
    }
  });
});

describe('favicon with --control-token', () => {
  let locked: MockCaHandle;
  beforeAll(async () => {
    locked = await startTestServer({ controlToken: 'polish-token' });
  });
  afterAll(() => locked.close());

  it('is served without the token, like the login page it decorates; the pages still want it', async () => {
    const res = await fetch(`${locked.urls.control}/favicon.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const login = await fetch(`${locked.urls.control}/certificates`);
    expect(login.status).toBe(401);
    expect(await login.text()).toContain('<link rel="icon" type="image/svg+xml" href="/favicon.svg"/>');
  });
});

describe('messages in the right number', () => {
  it('counted() says 1 thing, 0 and 2 things, with thousands separated', () => {
    expect(counted(1, 'certificate')).toBe('1 certificate');
    expect(counted(0, 'certificate')).toBe('0 certificates');
    expect(counted(2, 'reissue request')).toBe('2 reissue requests');
    expect(counted(12_345, 'message')).toBe('12,345 messages');
    expect(counted(1.5, 'hour')).toBe('1.5 hours');
  });

  it('the pager says "1 certificate", "6 certificates", and "No reissue requests" for none', async () => {
    expect((await web.get('/certificates?name=demo.example.com')).html).toContain('Showing 1–1 of 1 certificate ·');
    expect((await web.get('/certificates')).html).toMatch(/Showing 1–\d+ of \d+ certificates ·/);
    expect((await web.get('/reissue-requests')).html).toContain('No reissue requests · page 1 of 1');
    expect((await web.get('/certificates?name=nothing-matches.example')).html).toContain('No certificates · page 1 of 1');
    expect((await web.get('/certificates?page=9')).html).toMatch(/None of \d+ certificates on this page · page 9 of 1/);
  });

  it('the clock says "1 minute" and "2 hours" when advanced, and "1 second" ahead', async () => {
    expect(flashOf((await web.post('/clock/advance', { amount: '1', unit: 'minutes' })).location)).toBe('The clock was advanced by 1 minute.');
    expect(flashOf((await web.post('/clock/advance', { amount: '2', unit: 'hours' })).location)).toBe('The clock was advanced by 2 hours.');
    await web.post('/clock/reset');
    expect((await web.get('/clock')).html).toContain('The virtual clock follows the wall clock.');
    mock.clock.set(new Date(Date.now() + 1_000));
    expect((await web.get('/clock')).html).toContain('Ahead of the wall clock by 1 second.');
    mock.clock.set(new Date(Date.now() + 2 * 86_400_000));
    expect((await web.get('/clock')).html).toContain('Ahead of the wall clock by 172,800 seconds.');
  });

  it('order actions say what happened, or what could not be done and why', async () => {
    const id = await orderPending(regfish, 'shop.example.org');
    const path = `/certificates/regfish/${id}/0`;
    expect(flashOf((await web.post(`${path}/approve-dcv`, { back: '/certificates' })).location)).toBe(`Domain validation approved for shop.example.org (regfish ${id}).`);
    const refused = flashOf((await web.post(`${fixturePath}/reject`, { back: '/certificates' })).location)!;
    expect(refused).toMatch(new RegExp(`^Could not reject example\\.com \\(regfish ${fixtureId}\\): .+[^.]\\.$`));
    expect(flashOf((await web.post(`${fixturePath}/nope`, { back: '/certificates' })).location)).toBe('The console has no action “nope”.');
    expect(flashOf((await web.post(`/certificates/regfish/${fixtureId}/9/issue`, { back: '/certificates' })).location)).toBe('There is no such certificate.');
  });
});

describe('the scenario switchboard', () => {
  it('lists the active rules with their use, not the whole JSON answer', async () => {
    await control.delete('/api/scenarios');
    expect((await web.post('/scenarios/on', { name: 'regfish-500-once' })).status).toBe(303);
    const row = () => web.get('/scenarios').then((p) => /<tr data-active="regfish-500-once">([\s\S]*?)<\/tr>/.exec(p.html)?.[1].replace(/<[^>]+>/g, '|').replace(/\|+/g, '|'));
    expect(await row()).toBe('|regfish-500-once|any regfish request, path /tls/** → regfish:500|once|0|0|');
    expect((await regfish.get(`/tls/certificate/${fixtureId}`)).status).toBe(500);
    expect(await row()).toBe('|regfish-500-once|any regfish request, path /tls/** → regfish:500|once|1|1 (used up)|');
    expect((await web.get('/scenarios')).html).not.toContain('"available"');
  });
});

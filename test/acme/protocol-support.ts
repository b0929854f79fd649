import { createHash } from 'node:crypto';
import * as acme from 'acme-client';
import type { MockCaHandle } from '../../src/index.js';
import { httpClient } from '../support/server.js';
import { b64u, BareAcme, newKey, type AccountKey } from './jws-client.js';
import { directoryPaths, fixtureEab } from './support.js';

/** RFC 7638 thumbprint of a public JWK (EC or RSA), as the client computes it. */
export function thumbprintOf(jwk: Record<string, unknown>): string {
  const members = jwk.kty === 'EC' ? ['crv', 'kty', 'x', 'y'] : ['e', 'kty', 'n'];
  return b64u(createHash('sha256').update(`{${members.map((m) => `"${m}":"${String(jwk[m])}"`).join(',')}}`).digest());
}

/** A registered bare client on a vendor's directory. */
export async function account(mock: MockCaHandle, vendor: 'digicert' | 'sectigo' = 'digicert', eab: { kid: string; hmacKey: string } = fixtureEab[vendor], key?: AccountKey): Promise<BareAcme> {
  const c = await new BareAcme(`${mock.urls[vendor]}${directoryPaths[vendor]}`, key ?? newKey()).init();
  const res = await c.register(eab);
  if (res.status !== 201) throw new Error(`register: ${res.status} ${res.text}`);
  return c;
}

export async function newOrder(c: BareAcme, names: string[]) {
  const res = await c.post(c.directory.newOrder, { identifiers: names.map((value) => ({ type: 'dns', value })) });
  if (res.status !== 201) throw new Error(`newOrder: ${res.status} ${res.text}`);
  return { url: res.headers.get('location')!, order: res.body };
}

/** Passes every authorization of the order over dns-01, writing the TXT records through the control API. */
export async function passDns01(mock: MockCaHandle, c: BareAcme, order: { authorizations: string[] }): Promise<void> {
  const control = httpClient(mock.urls.control);
  for (const url of order.authorizations) {
    const authz = (await c.post(url, '')).body;
    const ch = authz.challenges.find((x: { type: string }) => x.type === 'dns-01');
    const digest = b64u(createHash('sha256').update(`${ch.token}.${thumbprintOf(c.key.jwk)}`).digest());
    await control.post('/api/dns/records', { name: `_acme-challenge.${authz.identifier.value}`, type: 'TXT', data: digest });
    const done = await c.post(ch.url, {});
    if (done.body.status !== 'valid') throw new Error(`challenge: ${done.text}`);
  }
}

/** A CSR (DER, base64url) for names, and its key. */
export async function csrFor(names: string[]): Promise<{ csr: string; key: Buffer }> {
  const [key, pem] = await acme.crypto.createCsr({ commonName: names[0], altNames: names }, await acme.crypto.createPrivateEcdsaKey());
  const der = Buffer.from(pem.toString().replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64');
  return { csr: b64u(der), key };
}

/** An order taken to its certificate: newOrder, dns-01, finalize, polled until valid; answers the order URL and the PEM chain. */
export async function issued(mock: MockCaHandle, c: BareAcme, names: string[]): Promise<{ url: string; chain: string; order: any }> {
  const { url, order } = await newOrder(c, names);
  await passDns01(mock, c, order);
  const { csr } = await csrFor(names);
  let body = (await c.post(order.finalize, { csr })).body;
  for (let i = 0; i < 5 && body.status !== 'valid'; i++) body = (await c.post(url, '')).body;
  if (body.status !== 'valid') throw new Error(`order stays ${body.status}`);
  const chain = (await c.post(body.certificate, '')).text;
  return { url, chain, order: body };
}

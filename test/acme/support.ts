import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

/** The fixtures' EAB keys (fixtures/default.json). */
export const fixtureEab = {
  digicert: { kid: 'digicert-demo-eab-kid', hmacKey: '7Lgr6HQaCEN6ACu_Js_OFrFgV7-AEt20YogjMSAMTN8' },
  digicertOther: { kid: 'digicert-other-eab-kid', hmacKey: 'FzRVl_64lD9HJCluQoWGF-pC7vQCze3Jg16IDYAT5HE' },
  sectigo: { kid: 'sectigo-demo-eab-kid', hmacKey: 'wWfkFB-EeEWFG_zceQaHbNmvLQeB_dsOaYS7tkEIIWU' },
} as const;

export const directoryPaths = { digicert: '/v2/acme/directory/', sectigo: '/v2/DV' } as const;

/** A small http-01 responder (what certbot --standalone is, in-process): tokens set per test. */
export async function challengeServer(): Promise<{ port: number; tokens: Map<string, string>; close(): Promise<void> }> {
  const tokens = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const token = req.url?.replace('/.well-known/acme-challenge/', '') ?? '';
    const body = tokens.get(token);
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/plain' }).end(body ?? 'no such token');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, tokens, close: () => new Promise((r) => server.close(() => r())) };
}

/** A free loopback port (for clients that bind their own challenge server). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(() => r(undefined)));
  return port;
}

/** `openssl verify` of a leaf against the emulator's root with the intermediates the server sent; answers openssl's output. */
export function opensslVerify(chainPem: string, rootPem: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'mockca-acme-verify-'));
  const certs = chainPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  writeFileSync(join(dir, 'leaf.pem'), `${certs[0]}\n`);
  writeFileSync(join(dir, 'chain.pem'), `${certs.slice(1).join('\n')}\n`);
  writeFileSync(join(dir, 'root.pem'), rootPem);
  try {
    return execFileSync('openssl', ['verify', '-CAfile', join(dir, 'root.pem'), '-untrusted', join(dir, 'chain.pem'), join(dir, 'leaf.pem')], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What openssl says about a leaf's revocation: the OCSP answer of the emulator's responder, and a CRL check. */
export async function revocationSeen(controlUrl: string, leafPem: string, intermediatePem: string, rootPem: string): Promise<{ ocsp: string; crl: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'mockca-acme-revocation-'));
  const file = (name: string, text: string | Buffer) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const leaf = file('leaf.pem', leafPem);
  const issuer = file('intermediate.pem', intermediatePem);
  const root = file('root.pem', rootPem);
  const crlDer = file('crl.der', Buffer.from(await (await fetch(`${controlUrl}/api/ca/crl`)).arrayBuffer()));
  // Asynchronous: openssl asks this very process (the emulator's OCSP responder).
  const run = (args: string[]) =>
    new Promise<string>((resolve) => execFile('openssl', args, { encoding: 'utf8' }, (_e, stdout, stderr) => resolve(`${stdout}${stderr}`)));
  const crlPem = join(dir, 'crl.pem');
  await run(['crl', '-inform', 'DER', '-in', crlDer, '-out', crlPem]);
  const seen = {
    ocsp: await run(['ocsp', '-issuer', issuer, '-cert', leaf, '-url', `${controlUrl}/api/ca/ocsp`, '-CAfile', root, '-no_nonce']),
    crl: await run(['verify', '-crl_check', '-CAfile', root, '-untrusted', issuer, '-CRLfile', crlPem, leaf]),
  };
  rmSync(dir, { recursive: true, force: true });
  return seen;
}

/** The first certificate of a PEM chain. */
export const leafOf = (chain: string): string => chain.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)![0] + '\n';

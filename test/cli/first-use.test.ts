import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { x509 } from '../../src/ca/x509.js';
import type { MockCaHandle } from '../../src/index.js';
import { makeCsr } from '../support/csr.js';
import { startTestServer } from '../support/server.js';
import { startCli, type RunningCli } from './support.js';

/*
 * What the bundled CLI leaves out of a start and loads on first use (the HTTP adapter, the control
 * API and console, the OpenAPI builders, @peculiar/x509, the OCSP responder, ICU's region names)
 * answers as the in-process server, which loads everything at once, does.
 */
let cli: RunningCli;
let mock: MockCaHandle;

beforeAll(async () => {
  [cli, mock] = await Promise.all([startCli(['--log-level', 'error']), startTestServer()]);
});

afterAll(async () => {
  await Promise.all([cli?.stop(), mock?.close()]);
});

const sectigoForm = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ loginName: 'sectigo-demo', loginPassword: 'sectigo-demo-password', ...fields }).toString(),
});

/** One raw HTTP/1.1 exchange: the whole answer, as bytes. */
function rawExchange(url: string, head: string): Promise<Buffer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(head));
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

describe('the first request of each kind to the CLI', () => {
  // First: before any request has loaded the HTTP adapter, Node refuses these before routing.
  it('headers over 16 KiB, before any other request: each port answers the same bytes', async () => {
    const head = `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nx-padding: ${'x'.repeat(20_000)}\r\n\r\n`;
    for (const port of ['regfish', 'digicert', 'sectigo', 'control'] as const) {
      const [fromCli, inProcess] = await Promise.all([rawExchange(cli.urls[port], head), rawExchange(mock.urls[port], head)]);
      expect(fromCli.toString('latin1')).toMatch(/^HTTP\/1\.1 (431|200) /);
      expect(fromCli.toString('latin1')).toBe(inProcess.toString('latin1'));
    }
  });

  it('Sectigo DecodeCSR (public key, full country name) answers the same bytes', async () => {
    const csr = await makeCsr({ commonName: 'shop.example.org', subject: 'CN=shop.example.org, O=Example KK, C=JP' });
    const form = sectigoForm({ csr, countryNameType: 'FULLNAME', showPublicKey: 'Y', responseFormat: '1' });
    const [fromCli, inProcess] = await Promise.all([fetch(`${cli.urls.sectigo}/products/!DecodeCSR`, form), fetch(`${mock.urls.sectigo}/products/!DecodeCSR`, form)]);
    const text = await fromCli.text();
    expect(text).toContain('C=Japan');
    expect(text).toBe(await inProcess.text());
  });

  it('DigiCert names the issuing CA from its certificate, as in process', async () => {
    const get = async (base: string) =>
      (await (await fetch(`${base}/services/v2/order/certificate/31415926`, { headers: { 'X-DC-DEVKEY': 'digicert-demo-key' } })).json()) as { ca_cert: unknown };
    const [fromCli, inProcess] = await Promise.all([get(cli.urls.digicert), get(mock.urls.digicert)]);
    expect(fromCli.ca_cert).toEqual(inProcess.ca_cert);
  });

  it("each vendor's zod schemas, built by the CLI on the first request that needs them, validate as in process", async () => {
    const ask = async (urls: RunningCli['urls']) => {
      const regfish = await fetch(`${urls.regfish}/tls/certificate`, { method: 'POST', headers: { 'x-api-key': 'regfish-demo-key', 'content-type': 'application/json' }, body: '{"sku":7}' });
      const digicert = await fetch(`${urls.digicert}/services/v2/order/certificate/ssl_dv_geotrust`, { method: 'POST', headers: { 'X-DC-DEVKEY': 'digicert-demo-key', 'content-type': 'application/json' }, body: '{"certificate":{"common_name":5}}' });
      const sectigo = await fetch(`${urls.sectigo}/products/!CollectSSL`, sectigoForm({ orderNumber: 'not-a-number' }));
      return Promise.all([regfish, digicert, sectigo].map(async (r) => `${r.status} ${r.headers.get('x-mockca-reason')} ${await r.text()}`));
    };
    const [fromCli, inProcess] = await Promise.all([ask(cli.urls), ask(mock.urls)]);
    expect(fromCli).toEqual(inProcess);
    expect(fromCli[2]).toMatch(/^200 .*-4/s);
  });

  it("every vendor's OpenAPI document, whose schemas the CLI builds when first asked, is the in-process one", async () => {
    const document = async (urls: RunningCli['urls'], name: string) => {
      let text = await (await fetch(`${urls.control}/api/openapi/${name}.json`)).text();
      for (const [port, url] of Object.entries(urls)) text = text.replaceAll(url, `<${port}>`);
      return JSON.parse(text) as unknown;
    };
    for (const name of ['regfish', 'digicert', 'sectigo']) expect(await document(cli.urls, name), name).toEqual(await document(mock.urls, name));
  });

  it('the control API, the console and the OpenAPI documents answer', async () => {
    expect((await fetch(`${cli.urls.control}/api/health`)).status).toBe(200);
    const page = await fetch(`${cli.urls.control}/`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const paths = async (base: string) => Object.keys(((await (await fetch(`${base}/api/openapi/regfish.json`)).json()) as { paths: object }).paths);
    expect(await paths(cli.urls.control)).toEqual(await paths(mock.urls.control));
  });

  it('the CRL in PEM is the CRL, and OCSP answers for a fixture certificate', async () => {
    const der = Buffer.from(await (await fetch(`${cli.urls.control}/api/ca/crl`)).arrayBuffer());
    const pem = await (await fetch(`${cli.urls.control}/api/ca/crl?format=pem`)).text();
    expect(Buffer.from(new x509.X509Crl(pem).rawData)).toEqual(der);
    // Not a request at all: OCSP's malformedRequest, the same bytes as in process.
    const ocsp = async (base: string) => fetch(`${base}/api/ca/ocsp`, { method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body: Buffer.alloc(2) });
    const [fromCli, inProcess] = await Promise.all([ocsp(cli.urls.control), ocsp(mock.urls.control)]);
    expect(fromCli.headers.get('content-type')).toBe('application/ocsp-response');
    expect(Buffer.from(await fromCli.arrayBuffer())).toEqual(Buffer.from(await inProcess.arrayBuffer()));
  });
});

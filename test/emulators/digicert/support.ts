import { makeCsr } from '../../support/csr.js';
import { httpClient, startTestServer, type HttpClient } from '../../support/server.js';
import type { MockCaHandle, MockCaOptions } from '../../../src/index.js';

export const demoKey = 'digicert-demo-key';
export const otherKey = 'digicert-other-key';
export const readonlyKey = 'digicert-readonly-key';
export const v2 = '/services/v2';

export interface DigicertTestContext {
  mock: MockCaHandle;
  api: HttpClient;
  other: HttpClient;
  readonly: HttpClient;
  control: HttpClient;
}

/** A real mockca for one test file; rate limits off unless the file is about them. */
export async function startDigicert(options: MockCaOptions = {}): Promise<DigicertTestContext> {
  const mock = await startTestServer({ digicertRateLimit: false, ...options });
  const base = `${mock.urls.digicert}${v2}`;
  return {
    mock,
    api: httpClient(base, { 'X-DC-DEVKEY': demoKey, 'content-type': 'application/json' }),
    other: httpClient(base, { 'X-DC-DEVKEY': otherKey, 'content-type': 'application/json' }),
    readonly: httpClient(base, { 'X-DC-DEVKEY': readonlyKey, 'content-type': 'application/json' }),
    control: httpClient(mock.urls.control),
  };
}

export interface OrderOptions {
  common_name?: string;
  dns_names?: string[];
  dcv_method?: string;
  skip_approval?: boolean;
  organization?: { id: number } | undefined;
  csr?: string;
  [key: string]: unknown;
}

/** A valid order body; override what the test is about. */
export async function orderRequest(o: OrderOptions = {}): Promise<Record<string, unknown>> {
  const { common_name = 'shop.example.org', dns_names, csr, ...rest } = o;
  return {
    certificate: { common_name, ...(dns_names ? { dns_names } : {}), csr: csr ?? (await makeCsr({ commonName: common_name })), signature_hash: 'sha256', server_platform: { id: 45 } },
    validity_years: 1,
    dcv_method: 'dns-txt-token',
    skip_approval: true,
    ...rest,
  };
}

/** Orders and returns the 201 body. */
export async function order(api: HttpClient, o: OrderOptions = {}, product = 'ssl_dv_geotrust'): Promise<any> {
  const res = await api.post(`/order/certificate/${product}`, await orderRequest(o));
  if (res.status !== 201) throw new Error(`order failed: ${res.status} ${res.text}`);
  return res.body;
}

/** Orders and reads until issued (default policy polls:1). */
export async function orderIssued(api: HttpClient, o: OrderOptions = {}, product = 'ssl_dv_geotrust'): Promise<{ id: number; certificateId: number }> {
  const created = await order(api, o, product);
  for (let i = 0; i < 5; i++) {
    const got = await api.get(`/order/certificate/${created.id}`);
    if (got.body.status === 'issued') return { id: created.id, certificateId: got.body.certificate.id };
  }
  throw new Error(`order ${created.id} was not issued`);
}

/** `{"errors":[{code,message}]}` with exactly application/json. */
export function expectError(res: { status: number; headers: Headers; body: any }, status: number, code: string): void {
  if (res.status !== status || res.body?.errors?.[0]?.code !== code || res.headers.get('content-type') !== 'application/json') {
    throw new Error(`expected ${status} ${code}, got ${res.status} ${res.headers.get('content-type')} ${JSON.stringify(res.body)} (${res.headers.get('x-mockca-reason')})`);
  }
}

/** Reads a stored (uncompressed) ZIP as mockca writes it: file name -> content. */
export function unzipStored(buf: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let at = 0;
  while (buf.readUInt32LE(at) === 0x04034b50) {
    const size = buf.readUInt32LE(at + 18);
    const nameLength = buf.readUInt16LE(at + 26);
    const extra = buf.readUInt16LE(at + 28);
    const name = buf.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const start = at + 30 + nameLength + extra;
    files.set(name, buf.subarray(start, start + size));
    at = start + size;
  }
  return files;
}

/** Adds a record to the emulated DNS through the control API. */
export async function addDnsRecord(control: HttpClient, name: string, type: 'TXT' | 'CNAME', data: string): Promise<void> {
  const res = await control.post('/api/dns/records', { name, type, data });
  if (res.status !== 201) throw new Error(`DNS record refused: ${res.text}`);
}

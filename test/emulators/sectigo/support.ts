import { makeCsr, type CsrOptions } from '../../support/csr.js';
import type { MockCaHandle } from '../../../src/index.js';

export const demo = { loginName: 'sectigo-demo', loginPassword: 'sectigo-demo-password' };
export const other = { loginName: 'sectigo-other', loginPassword: 'sectigo-other-password' };
export const prepaid = { loginName: 'sectigo-prepaid', loginPassword: 'sectigo-prepaid-password' };

export type Form = Record<string, string | string[] | undefined>;

export interface SectigoResponse {
  status: number;
  headers: Headers;
  text: string;
  /** URL-encoded answer as an object (repeated keys -> arrays). */
  fields: Record<string, string | string[]>;
  /** Newline answer split in lines. */
  lines: string[];
  json: any;
}

export function parseUrlencoded(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

export function encodeForm(form: Form): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
  }
  return params.toString();
}

/** A client for the Sectigo port: `call('AutoApplySSL', {...})` posts the form to /products/!AutoApplySSL. */
export function sectigoClient(baseUrl: string, login = demo) {
  async function raw(path: string, init: RequestInit = {}): Promise<SectigoResponse> {
    const res = await fetch(`${baseUrl}${path}`, init);
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, fields: parseUrlencoded(text), lines: text.replace(/\n$/, '').split('\n'), json };
  }
  async function call(endpoint: string, form: Form = {}, options: { path?: string; headers?: Record<string, string>; noLogin?: boolean } = {}): Promise<SectigoResponse> {
    const path = options.path ?? (endpoint === 'CollectSSL' ? '/products/download/CollectSSL' : `/products/!${endpoint}`);
    const body = encodeForm(options.noLogin ? form : { ...login, ...form });
    return raw(path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers } });
  }
  return { call, raw };
}

export type SectigoClient = ReturnType<typeof sectigoClient>;

/** A valid AutoApplySSL form (PositiveSSL, HTTP_CSR_HASH); override what the test is about. */
export async function applyForm(overrides: Form = {}, csr: CsrOptions = {}): Promise<Form> {
  const commonName = csr.commonName ?? 'shop.example.org';
  return {
    product: '287',
    days: '365',
    serverSoftware: '-1',
    dcvMethod: 'HTTP_CSR_HASH',
    responseFormat: '1',
    showCertificateID: 'Y',
    csr: await makeCsr({ ...csr, commonName }),
    ...overrides,
  };
}

/** Orders a certificate; returns orderNumber and certificateID (urlencoded answer). */
export async function order(api: SectigoClient, overrides: Form = {}, csr: CsrOptions = {}): Promise<{ orderNumber: string; certificateID: string }> {
  const res = await api.call('AutoApplySSL', await applyForm(overrides, csr));
  if (res.fields.errorCode !== '0' && res.fields.errorCode !== '1') throw new Error(`order failed: ${res.text}`);
  return { orderNumber: res.fields.orderNumber as string, certificateID: res.fields.certificateID as string };
}

/** Orders and polls CollectSSL until issued (default policy polls:1 needs two status reads). */
export async function orderIssued(api: SectigoClient, overrides: Form = {}, csr: CsrOptions = {}): Promise<{ orderNumber: string; certificateID: string }> {
  const placed = await order(api, overrides, csr);
  for (let i = 0; i < 5; i++) {
    const res = await api.call('CollectSSL', { orderNumber: placed.orderNumber, queryType: '0', responseFormat: '1' });
    if (res.fields.errorCode === '1') return placed;
  }
  throw new Error(`order ${placed.orderNumber} was not issued`);
}

/** The core's view of an order (for asserting what changed). */
export function coreOrder(mock: MockCaHandle, orderNumber: string) {
  const { store, core } = mock.server.ctx;
  const o = store.orderByVendorId('sectigo', orderNumber)!;
  return { order: o, certificates: core.certificates(o), validations: store.validationsOfOrder(o.id) };
}

/** Control API action on a Sectigo order (issue, approve-dcv, reject, expire, revoke). */
export async function control(mock: MockCaHandle, orderNumber: string, action: string): Promise<number> {
  const res = await fetch(`${mock.urls.control}/api/orders/sectigo/${orderNumber}/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  await res.text();
  return res.status;
}

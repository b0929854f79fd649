// The requests every part measures, the orders they read and the rules that must not slow them: the
// same for the load over HTTP (bench/run.js) and the one in process (bench/parts/in-process.js).
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export const regfishKey = { 'x-api-key': 'regfish-demo-key' };
export const digicertKey = { 'x-dc-devkey': 'digicert-demo-key' };
export const sectigoLogin = { loginName: 'sectigo-demo', loginPassword: 'sectigo-demo-password' };
export const jsonType = { 'content-type': 'application/json' };
export const formType = { 'content-type': 'application/x-www-form-urlencoded' };
export const form = (fields) => new URLSearchParams(fields).toString();

export async function benchCsr(name) {
  const { makeEcCsr } = await import(`${root}dist/ca/make-csr.js`);
  return makeEcCsr(name).csrPem;
}

/** Creates an order per vendor where needed and returns the GET (or POST) of each one, with its operation name. */
export async function vendorTargets(urls) {
  const csr = await benchCsr('bench.instant.test');
  const targets = {
    regfish: { base: urls.regfish, operation: 'regfish.certificate.get', request: { path: '/tls/certificate/7K9QW3M2ZT8HJ', headers: regfishKey } },
  };
  const dc = await fetch(`${urls.digicert}/services/v2/order/certificate/ssl_dv_rapidssl`, {
    method: 'POST',
    headers: { ...digicertKey, ...jsonType },
    body: JSON.stringify({ certificate: { common_name: 'bench.instant.test', csr, signature_hash: 'sha256' }, validity_years: 1, skip_approval: true, dcv_method: 'dns-txt-token' }),
  });
  const dcBody = await dc.json();
  if (dc.status !== 201) throw new Error(`DigiCert order for the bench: ${dc.status} ${JSON.stringify(dcBody)}`);
  targets.digicert = { base: urls.digicert, operation: 'digicert.order.get', request: { path: `/services/v2/order/certificate/${dcBody.id}`, headers: digicertKey } };
  const sc = await fetch(`${urls.sectigo}/products/!AutoApplySSL`, {
    method: 'POST',
    headers: formType,
    body: form({ ...sectigoLogin, product: '287', days: '365', serverSoftware: '-1', csr, isCustomerValidated: 'N', responseFormat: '1' }),
  });
  const orderNumber = new URLSearchParams(await sc.text()).get('orderNumber');
  if (!orderNumber) throw new Error('Sectigo order for the bench: no orderNumber');
  targets.sectigo = {
    base: urls.sectigo,
    operation: 'sectigo.CollectSSL',
    request: { method: 'POST', path: '/products/download/CollectSSL', headers: formType, body: form({ ...sectigoLogin, orderNumber, queryType: '1', responseFormat: '1' }) },
  };
  return targets;
}

async function fetchText(url, init) {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  return { status: res.status, contentType: res.headers.get('content-type') ?? 'application/octet-stream', bytes: Buffer.from(await res.arrayBuffer()) };
}

/** What mockca answers each target with: the bytes the baseline and the peer serve. */
export async function recordAnswers(targets) {
  const routes = [];
  for (const t of Object.values(targets)) {
    const r = t.request;
    const a = await fetchText(`${t.base}${r.path}`, { method: r.method ?? 'GET', headers: r.headers, body: r.body });
    if (a.status !== 200) throw new Error(`${t.operation} answered ${a.status}: ${a.bytes.toString().slice(0, 300)}`);
    t.answerBytes = a.bytes.length;
    routes.push({ method: r.method ?? 'GET', path: r.path, status: a.status, contentType: a.contentType, bodyBase64: a.bytes.toString('base64') });
  }
  return routes;
}

/** 100 rules on each measured operation, each for another account: none matches, all are looked at. */
export function hundredNonMatchingRules(targets) {
  const ops = Object.values(targets).map((t) => t.operation);
  return Array.from({ length: 100 }, (_, i) => ({ match: { operation: ops[i % ops.length], account: `nobody-${i}` }, respond: { status: 503, body: 'never' } }));
}

/** Loads the rules as one scenario through the control API. */
export async function loadRules(controlUrl, rules) {
  const added = await fetch(`${controlUrl}/api/scenarios`, { method: 'POST', headers: jsonType, body: JSON.stringify({ name: 'bench-non-matching', rules }) });
  if (!added.ok) throw new Error(`loading ${rules.length} rules: ${added.status} ${await added.text()}`);
}

/** Removes every scenario rule (the control API's DELETE /api/scenarios). */
export async function clearRules(controlUrl) {
  const cleared = await fetch(`${controlUrl}/api/scenarios`, { method: 'DELETE' });
  if (!cleared.ok) throw new Error(`clearing the rules: ${cleared.status} ${await cleared.text()}`);
}

// npm run bench: start-up time, requests per second beside a bare Hono baseline measured in the
// same run, certificates issued per second, and reset time with 10,000 certificates.
// Prints a table and writes bench/results.json.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { load } from './load.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const quick = process.argv.includes('--quick');
const seconds = quick ? 2 : 5;
const entry = 'dist/mockca.js';

function startProcess(args, readyPattern) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
      if (readyPattern.test(out)) resolve({ child, out, ms: performance.now() - started });
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${out}`)));
  });
}

const stop = (child) =>
  new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });

const portArgs = ['--control-port', '0', '--regfish-port', '0', '--digicert-port', '0', '--sectigo-port', '0'];

async function startMockca(extra = []) {
  const started = await startProcess([entry, ...portArgs, ...extra], /mockca ready/);
  const url = (name) => new RegExp(`${name}\\s+(https?://[^\\s/]+(?::\\d+)?)`).exec(started.out)[1];
  return { ...started, urls: { control: url('control API'), regfish: url('Regfish'), digicert: url('DigiCert'), sectigo: url('Sectigo') } };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function coldStart() {
  const runs = [];
  for (let i = 0; i < (quick ? 3 : 7); i++) {
    const m = await startMockca();
    runs.push(m.ms);
    await stop(m.child);
  }
  return { medianMs: Math.round(median(runs)), runsMs: runs.map(Math.round) };
}

async function json(url, init) {
  const res = await fetch(url, init);
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}

/** Prepares one GET (or POST) per vendor against a running mockca. Vendors not available report null. */
async function vendorTargets(urls) {
  const targets = {
    regfish: { url: `${urls.regfish}/tls/certificate/7K9QW3M2ZT8HJ`, headers: { 'x-api-key': 'regfish-demo-key' } },
  };
  const csr = (await import(`${root}dist/ca/make-csr.js`)).makeEcCsr('bench.instant.test').csrPem;
  const dc = await json(`${urls.digicert}/services/v2/order/certificate/ssl_dv_rapidssl`, {
    method: 'POST',
    headers: { 'x-dc-devkey': 'digicert-demo-key', 'content-type': 'application/json' },
    body: JSON.stringify({ certificate: { common_name: 'bench.instant.test', csr, signature_hash: 'sha256' }, validity_years: 1, skip_approval: true, dcv_method: 'dns-txt-token' }),
  });
  if (dc.status === 201) {
    targets.digicert = { url: `${urls.digicert}/services/v2/order/certificate/${dc.body.id}`, headers: { 'x-dc-devkey': 'digicert-demo-key' } };
  }
  const form = new URLSearchParams({ loginName: 'sectigo-demo', loginPassword: 'sectigo-demo-password', product: '287', days: '365', serverSoftware: '-1', csr, isCustomerValidated: 'N', responseFormat: '1' });
  const sc = await json(`${urls.sectigo}/products/!AutoApplySSL`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
  const orderNumber = typeof sc.body === 'string' ? new URLSearchParams(sc.body).get('orderNumber') : null;
  if (orderNumber) {
    targets.sectigo = {
      url: `${urls.sectigo}/products/download/CollectSSL`,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ loginName: 'sectigo-demo', loginPassword: 'sectigo-demo-password', orderNumber, queryType: '1', responseFormat: '1' }).toString(),
    };
  }
  return targets;
}

/** 100 rules on the very operation being measured, each for another account: none matches, all are looked at. */
async function hundredNonMatchingRules(control) {
  const rules = Array.from({ length: 100 }, (_, i) => ({ match: { operation: `regfish.certificate.get`, account: `nobody-${i}` }, respond: { error: 'regfish:409' } }));
  const res = await json(`${control}/api/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench-non-matching', rules }) });
  return res.status < 300;
}

/**
 * The machine is shared with the load generator and its speed drifts, so every figure is put beside
 * measurements taken right before and after it: each vendor between two baseline runs, and the
 * rule-laden run between two rule-free ones.
 */
async function throughput() {
  const baseline = await startProcess(['bench/hono-baseline.js'], /baseline (http:\/\/\S+)/);
  const baselineUrl = /baseline (http:\/\/\S+)/.exec(baseline.out)[1];
  const mock = await startMockca(['--no-digicert-rate-limit']);
  const targets = await vendorTargets(mock.urls);
  const hono = () => load({ url: `${baselineUrl}/`, seconds });
  const results = { honoBaseline: await hono() };
  let before = results.honoBaseline.requestsPerSecond;
  for (const [vendor, t] of Object.entries(targets)) {
    const r = await load({ ...t, seconds });
    const after = (await hono()).requestsPerSecond;
    const baselineAround = Math.round((before + after) / 2);
    results[vendor] = { ...r, baselineAround, ratio: +(r.requestsPerSecond / baselineAround).toFixed(2) };
    before = after;
  }
  const free = await load({ ...targets.regfish, seconds });
  if (await hundredNonMatchingRules(mock.urls.control)) {
    const withRules = await load({ ...targets.regfish, seconds });
    await json(`${mock.urls.control}/api/scenarios`, { method: 'DELETE' });
    const freeAgain = await load({ ...targets.regfish, seconds });
    const ruleFree = Math.round((free.requestsPerSecond + freeAgain.requestsPerSecond) / 2);
    results.regfishWith100Rules = { ...withRules, ruleFreeAround: ruleFree, ratioToRuleFree: +(withRules.requestsPerSecond / ruleFree).toFixed(2) };
  }
  results.honoBaselineAgain = await hono();
  await stop(mock.child);
  await stop(baseline.child);
  return results;
}

async function issuance() {
  const { LocalCa } = await import(`${root}dist/ca/local-ca.js`);
  const { makeEcCsr } = await import(`${root}dist/ca/make-csr.js`);
  const out = {};
  for (const alg of ['ec-p256', 'rsa-2048']) {
    const ca = await LocalCa.create({ keyAlgorithm: alg });
    const csrs = Array.from({ length: 200 }, (_, i) => makeEcCsr(`host${i}.example.com`).csrPem);
    const n = quick ? 1000 : 4000;
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      const info = await ca.parseCsr(csrs[i % csrs.length]);
      await ca.signLeaf({
        spki: info.spki,
        commonName: info.commonName,
        dnsNames: [info.commonName],
        notBefore: new Date(),
        notAfter: new Date(Date.now() + 199 * 86_400_000),
        serialHex: (0x10000000 + i).toString(16),
        level: 'dv',
      });
    }
    out[alg] = { certificatesPerSecond: Math.round(n / ((performance.now() - started) / 1000)) };
  }
  // End to end: Regfish orders of an instant.test name, each one signed before the answer.
  const mock = await startMockca();
  const csr = makeEcCsr('order.instant.test').csrPem;
  const r = await load({
    url: `${mock.urls.regfish}/tls/certificate`,
    method: 'POST',
    headers: { 'x-api-key': 'regfish-demo-key', 'content-type': 'application/json' },
    body: JSON.stringify({ sku: 'RapidSSL', common_name: 'order.instant.test', csr, dcv_method: 'dns-cname-token' }),
    seconds,
    connections: 8,
  });
  out.regfishOrdersIssuedPerSecond = r.requestsPerSecond;
  await stop(mock.child);
  return out;
}

async function resetTime() {
  const { startMockCa } = await import(`${root}dist/index.js`);
  const handle = await startMockCa();
  const { store } = handle.server.ctx;
  const pem = handle.ca.intermediatePem;
  const fill = () =>
    store.transaction(() => {
      const now = Date.now();
      for (let i = 0; i < 10_000; i++) {
        const orderId = store.insertOrder({
          accountId: 1, vendor: 'regfish', publicId: `BENCH${String(i).padStart(8, '0')}`, product: 'RapidSSL', level: 'dv',
          commonName: `h${i}.example.com`, dnsNames: [`h${i}.example.com`], validityDays: 199, contractFrom: now, contractUntil: now + 1e10,
          dcvMethod: 'dns-cname-token', state: 'open', policy: 'immediate', organizationId: null, renewalOf: null, test: false, meta: {}, createdAt: now, updatedAt: now,
        });
        store.insertCertificate({
          orderId, publicId: '0', kind: 'original', status: 'issued', csr: pem, commonName: `h${i}.example.com`, dnsNames: [`h${i}.example.com`], validityDays: 199,
          profile: 'server', serial: (0x20000000 + i).toString(16), pem, notBefore: now, notAfter: now + 1e10, polls: 0, requestedAt: now, issuedAt: now,
          revokedAt: null, revocationReason: null, revocationComment: null, meta: {}, updatedAt: now,
        });
        store.insertEvent({ orderId, certificateId: null, at: now, subject: 'certificate', fromStatus: 'pending', toStatus: 'issued', cause: 'bench' });
      }
    });
  const runs = [];
  for (let i = 0; i < 5; i++) {
    fill();
    runs.push(await handle.reset());
  }
  await handle.close();
  return { certificates: 10_000, medianMs: +median(runs).toFixed(2), runsMs: runs.map((r) => +r.toFixed(2)) };
}

// `--only=throughput` (or coldStart, issuance, reset) runs one part and prints it, without writing results.json.
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
if (only) {
  const parts = { coldStart, throughput, issuance, reset: resetTime };
  console.log(JSON.stringify(await parts[only](), null, 2));
  process.exit(0);
}

const results = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model };
results.coldStart = await coldStart();
results.throughput = await throughput();
results.issuance = await issuance();
results.reset = await resetTime();
writeFileSync(new URL('results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);

const t = results.throughput;
const row = (name, value, target) => console.log(`${name.padEnd(44)} ${String(value).padStart(10)}   ${target ?? ''}`);
console.log(`\nmockca benchmark (${results.node}, ${results.cpus} cores)\n`);
row('cold start to all ports ready (median ms)', results.coldStart.medianMs, 'target <= 400');
row('bare Hono hello-world (req/s)', t.honoBaseline.requestsPerSecond);
row('Regfish GET /tls/certificate/{id} (req/s)', t.regfish.requestsPerSecond, `ratio ${t.regfish.ratio} (target >= 0.6)`);
if (t.digicert) row('DigiCert GET /order/certificate/{id} (req/s)', t.digicert.requestsPerSecond, `ratio ${t.digicert.ratio} (target >= 0.6)`);
if (t.sectigo) row('Sectigo CollectSSL (req/s)', t.sectigo.requestsPerSecond, `ratio ${t.sectigo.ratio} (target >= 0.5)`);
if (t.regfishWith100Rules) row('Regfish GET with 100 non-matching rules', t.regfishWith100Rules.requestsPerSecond, `${t.regfishWith100Rules.ratioToRuleFree} of rule-free (target >= 0.9)`);
row('bare Hono again, end of run (req/s)', t.honoBaselineAgain.requestsPerSecond);
row('certificates issued/s, EC P-256 (CSR -> leaf)', results.issuance['ec-p256'].certificatesPerSecond, 'target >= 500');
row('certificates issued/s, RSA 2048 CA', results.issuance['rsa-2048'].certificatesPerSecond);
row('Regfish orders issued end to end (orders/s)', results.issuance.regfishOrdersIssuedPerSecond);
row('reset with 10,000 certificates (median ms)', results.reset.medianMs, 'target <= 10');
console.log('\nwritten to bench/results.json');

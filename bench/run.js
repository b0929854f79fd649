// npm run bench [-- --peers] [-- --quick] [-- --rounds=N] [-- --only=part,part]
//
// Every figure of the performance targets, each beside its baseline measured in the same run:
//   throughput  a stateful GET per vendor (Regfish certificate, DigiCert order, Sectigo
//               CollectSSL) beside a bare Hono app answering the very same bytes (and, with
//               --peers, WireMock standalone serving a stub of the same answer), interleaved
//               round by round; the same GETs with 100 non-matching scenario rules loaded,
//               each between its rule-free run of the round and one straight after
//   inProcess   the same GETs handed to mockca's request listener and to the bare Hono app's in
//               process, on an in-memory socket: the JavaScript of one answer without the kernel
//               (bench/parts/in-process.js), a figure of where the time goes with no target; and
//               mockca's again with the 100 non-matching rules loaded, in turn with the other two
//               (the rules' target, >= 0.9 ×, without the machine's drift between two loads)
//   orders      Regfish orders created and issued end to end over HTTP (--issuance immediate)
//   mixed       a mixed read/write load on every vendor at 16 connections: req/s, p50, p99
//   issuance    CSR -> signed leaf in process, EC P-256 CA and RSA 2048 CA
//   coldStart   spawn to all four ports ready (median of 7)
//   reset       reset with 100,000 certificates, and RSS before, full and after
//   acme        ACME orders end to end with acme-client (8 clients, DigiCert directory) beside the
//               DigiCert REST order rate on the same server (bench/acme.js)
// Each part runs on its own: one that fails is reported as failed and the others still count.
// Prints a table and writes bench/results.json (not with --only).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acmeFigure, acmeOrders } from './acme.js';
import { load } from './load.js';
import { benchCsr, clearRules, digicertKey, form, formType, hundredNonMatchingRules, jsonType, loadRules, recordAnswers, regfishKey, sectigoLogin, vendorTargets } from './targets.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const quick = flag('quick');
const peers = flag('peers');
const rounds = Number(option('rounds') ?? (quick ? 1 : 3));
const seconds = Number(option('seconds') ?? (quick ? 1 : 3));
const warmupSeconds = quick ? 0.5 : 1;
const connections = 50;
const entry = 'dist/mockca.cjs';

// Every child this bench starts, so a failing part never leaves one running.
const children = new Set();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

function startProcess(args, readyPattern, { execArgv = [], env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...execArgv, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
    children.add(child);
    let out = '';
    const onData = (d) => {
      out += String(d);
      if (!readyPattern.test(out)) return;
      // Ready: what it prints from now on is not kept.
      child.stdout.off('data', onData);
      child.stdout.resume();
      resolve({ child, out, ms: performance.now() - started });
    };
    child.stdout.on('data', onData);
    child.on('exit', (code) => {
      children.delete(child);
      reject(new Error(`${args.join(' ')} exited with ${code}: ${out.slice(-500)}`));
    });
    // A child that never gets ready fails its part instead of holding up the whole bench.
    setTimeout(() => {
      if (child.exitCode === null && !readyPattern.test(out)) child.kill('SIGKILL');
    }, readyTimeoutMs).unref();
  });
}
const readyTimeoutMs = 120_000;

const stop = (child) =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => {
      children.delete(child);
      resolve();
    });
    child.kill('SIGTERM');
  });

/** Runs a script of bench/parts in a child and parses the JSON line it prints. */
async function part(script, args, execArgv = []) {
  const { child, out } = await startProcess([`bench/parts/${script}`, ...args], /\}\s*$/, { execArgv });
  await stop(child);
  return JSON.parse(out.trim().split('\n').pop());
}

// The request log (one line per request on stderr at the default level) is an observer for people
// reading a terminal; the bench keeps mockca's own failures only.
const portArgs = ['--control-port', '0', '--regfish-port', '0', '--digicert-port', '0', '--sectigo-port', '0', '--log-level', 'error'];

async function startMockca(extra = [], options = {}) {
  const started = await startProcess([entry, ...portArgs, ...extra], /mockca ready/, options);
  const url = (name) => new RegExp(`${name}\\s+(https?://[^\\s/]+(?::\\d+)?)`).exec(started.out)[1];
  return { ...started, urls: { control: url('control API'), regfish: url('Regfish'), digicert: url('DigiCert'), sectigo: url('Sectigo') } };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round2 = (x) => +x.toFixed(2);
const spread = (xs) => ({ min: Math.min(...xs), max: Math.max(...xs), runs: xs });

async function throughput() {
  const mock = await startMockca(['--no-digicert-rate-limit']);
  const targets = await vendorTargets(mock.urls);
  const routes = await recordAnswers(targets);
  const dir = mkdtempSync(join(tmpdir(), 'mockca-bench-'));
  const routesFile = join(dir, 'routes.json');
  writeFileSync(routesFile, JSON.stringify(routes));
  const baseline = await startProcess(['bench/hono-baseline.js', routesFile], /baseline (http:\/\/\S+)/);
  const honoUrl = /baseline (http:\/\/\S+)/.exec(baseline.out)[1];
  let wiremock;
  const notes = [];
  if (peers) {
    try {
      const { startWiremock } = await import('./peers/wiremock.js');
      wiremock = await startWiremock(routes);
      // WireMock's JIT needs a warm-up before it is at its speed (as in the issue's figures).
      for (const t of Object.values(targets)) await load({ url: wiremock.url, request: t.request, connections, seconds: quick ? 2 : 8, warmupSeconds: 0 });
    } catch (e) {
      notes.push(`WireMock not measured: ${e.message}`);
      wiremock = undefined;
    }
  }
  const run = (url, request, serverPid) => load({ url, request, connections, seconds, warmupSeconds, serverPid });
  // A JVM is never idle (JIT compiler and GC threads): WireMock is stopped (SIGSTOP) while the
  // others are measured and continued for its own turn, so each server has the machine alone.
  const wiremockRunning = async (running) => {
    if (!wiremock) return;
    process.kill(wiremock.pid, running ? 'SIGCONT' : 'SIGSTOP');
    if (running) await new Promise((r) => setTimeout(r, 200));
  };
  const per = Object.fromEntries(Object.keys(targets).map((v) => [v, { mockca: [], hono: [], wiremock: [], withRules: [], ruleFreeAfter: [], ratioHono: [], ratioWiremock: [], ratioRules: [], latency: [], cpuUsPerRequest: { hono: [], mockca: [], wiremock: [] }, errors: 0, answerBytes: targets[v].answerBytes }]));
  const rules = hundredNonMatchingRules(targets);
  try {
    for (let r = 0; r < rounds; r++) {
      // Phase 1: each vendor between its baseline and its peer, the order rotating round by round.
      for (const [vendor, t] of Object.entries(targets)) {
        const p = per[vendor];
        const sides = [
          ['hono', async () => (await wiremockRunning(false), run(honoUrl, t.request, baseline.child.pid))],
          ['mockca', async () => (await wiremockRunning(false), run(t.base, t.request, mock.child.pid))],
          ...(wiremock ? [['wiremock', async () => (await wiremockRunning(true), run(wiremock.url, t.request, wiremock.pid))]] : []),
        ];
        const order = sides.map((_, i) => sides[(i + r) % sides.length]);
        const got = {};
        for (const [name, measure] of order) got[name] = await measure();
        for (const [name, res] of Object.entries(got)) {
          p[name].push(res.requestsPerSecond);
          p.cpuUsPerRequest[name].push(res.serverCpuUsPerRequest ?? null);
          if (res.errors) p.errors += res.errors;
        }
        p.latency.push(got.mockca.latencyMs);
        p.ratioHono.push(round2(got.mockca.requestsPerSecond / got.hono.requestsPerSecond));
        if (got.wiremock) p.ratioWiremock.push(round2(got.mockca.requestsPerSecond / got.wiremock.requestsPerSecond));
      }
      await wiremockRunning(false);
      // Phase 2, vendor by vendor: with 100 non-matching rules, then rule-free again straight after;
      // phase 1 was the rule-free run before.
      for (const [vendor, t] of Object.entries(targets)) {
        const p = per[vendor];
        await loadRules(mock.urls.control, rules);
        p.withRules.push((await run(t.base, t.request, mock.child.pid)).requestsPerSecond);
        await clearRules(mock.urls.control);
        p.ruleFreeAfter.push((await run(t.base, t.request)).requestsPerSecond);
        p.ratioRules.push(round2(p.withRules[r] / ((p.mockca[r] + p.ruleFreeAfter[r]) / 2)));
      }
    }
  } finally {
    await stop(mock.child);
    await stop(baseline.child);
    await wiremockRunning(true).catch(() => undefined);
    await wiremock?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return { connections, seconds, rounds, peers: Boolean(wiremock), wiremockVersion: wiremock ? (await import('./peers/wiremock.js')).wiremockVersion : undefined, notes, vendors: per };
}

function ordersRequest(csr) {
  return { method: 'POST', path: '/tls/certificate', headers: { ...regfishKey, ...jsonType }, body: JSON.stringify({ sku: 'RapidSSL', common_name: 'order.instant.test', csr, dcv_method: 'dns-cname-token' }) };
}

async function orders() {
  const mock = await startMockca(['--issuance', 'immediate']);
  try {
    const csr = await benchCsr('order.instant.test');
    const request = ordersRequest(csr);
    // One order first: it must come back issued, with its certificate.
    const probe = await fetch(`${mock.urls.regfish}${request.path}`, { method: 'POST', headers: request.headers, body: request.body });
    const probeText = await probe.text();
    let issued = false;
    try {
      issued = probe.status < 300 && JSON.parse(probeText).response?.status === 'issued';
    } catch {
      issued = false;
    }
    if (!issued) throw new Error(`a Regfish order was not issued at once: ${probe.status} ${probeText.slice(0, 300)}`);
    // The same body every time (as a test suite with one fixture CSR sends it), and a CSR never
    // seen before in every order (each one decoded and verified).
    const { makeEcCsr } = await import(`${root}dist/ca/make-csr.js`);
    const fresh = Array.from({ length: quick ? 2000 : 12_000 }, (_, i) => makeEcCsr(`o${i}.instant.test`).csrPem);
    const variants = { sameCsr: { request }, freshCsr: { next: (i) => ({ ...request, body: JSON.stringify({ sku: 'RapidSSL', common_name: `o${i % fresh.length}.instant.test`, csr: fresh[i % fresh.length], dcv_method: 'dns-cname-token' }) }) } };
    const out = { connections: 16, issuedChecked: issued };
    for (const [name, v] of Object.entries(variants)) {
      const runs = [];
      const latency = [];
      let errors = 0;
      for (let r = 0; r < rounds; r++) {
        const res = await load({ url: mock.urls.regfish, ...v, connections: 16, seconds, warmupSeconds });
        runs.push(res.requestsPerSecond);
        latency.push(res.latencyMs);
        errors += res.errors + Object.entries(res.statuses).filter(([s]) => Number(s) >= 300).reduce((n, [, c]) => n + c, 0);
      }
      out[name] = { runs, latency, errors };
    }
    return out;
  } finally {
    await stop(mock.child);
  }
}

/** 70 % reads, 30 % writes on every vendor, in a fixed order; every write has a name of its own. */
function mixedRequests(targets, csr) {
  const reads = Object.values(targets);
  const ops = [
    ...reads.flatMap((t) => [t, t]),
    ...reads,
    { base: targets.regfish.base, make: (i) => ({ method: 'POST', path: '/tls/certificate', headers: { ...regfishKey, ...jsonType }, body: JSON.stringify({ sku: 'RapidSSL', common_name: `w${i}.mixed.example`, csr, dcv_method: 'dns-cname-token' }) }) },
    { base: targets.digicert.base, make: (i) => ({ method: 'POST', path: '/services/v2/order/certificate/ssl_dv_geotrust', headers: { ...digicertKey, ...jsonType }, body: JSON.stringify({ certificate: { common_name: `w${i}.mixed.example`, csr, signature_hash: 'sha256', server_platform: { id: 45 } }, validity_years: 1, dcv_method: 'dns-txt-token', skip_approval: true }) }) },
    { base: targets.sectigo.base, make: () => ({ method: 'POST', path: '/products/!AutoApplySSL', headers: formType, body: form({ ...sectigoLogin, product: '287', days: '365', serverSoftware: '-1', dcvMethod: 'HTTP_CSR_HASH', responseFormat: '1', csr }) }) },
  ];
  return ops;
}

async function mixed() {
  const mock = await startMockca(['--no-digicert-rate-limit']);
  try {
    const targets = await vendorTargets(mock.urls);
    const csr = await benchCsr('mixed.example');
    const ops = mixedRequests(targets, csr);
    // Three vendors on three ports: one load per port, started together, each with its share of connections.
    const byBase = new Map();
    for (const op of ops) byBase.set(op.base, [...(byBase.get(op.base) ?? []), op]);
    const runs = [];
    for (let r = 0; r < rounds; r++) {
      const shares = [...byBase.entries()].map(([base, list], k) => {
        const n = Math.floor(16 / byBase.size) + (k < 16 % byBase.size ? 1 : 0);
        return load({ url: base, next: (i) => { const op = list[i % list.length]; return op.make ? op.make(`${r}-${k}-${i}`) : op.request; }, connections: n, seconds, warmupSeconds, keepLatencies: true });
      });
      const res = await Promise.all(shares);
      const all = res.flatMap((x) => x.latencies).sort((a, b) => a - b);
      const pick = (p) => +all[Math.min(all.length - 1, Math.floor((p / 100) * all.length))].toFixed(2);
      runs.push({
        requestsPerSecond: res.reduce((n, x) => n + x.requestsPerSecond, 0),
        p50: pick(50),
        p99: pick(99),
        errors: res.reduce((n, x) => n + x.errors + Object.entries(x.statuses).filter(([s]) => Number(s) >= 400).reduce((m, [, c]) => m + c, 0), 0),
      });
    }
    return { connections: 16, mix: '70 % reads (Regfish GET, DigiCert GET, Sectigo CollectSSL), 30 % new orders (one per vendor)', runs };
  } finally {
    await stop(mock.child);
  }
}

async function inProcess() {
  return part('in-process.js', [String(quick ? 1 : Math.max(rounds, 5)), String(quick ? 2000 : 20_000)]);
}

async function issuance() {
  const n = quick ? 1000 : 4000;
  const r = quick ? 2 : 3;
  return { 'ec-p256': await part('issuance.js', ['ec-p256', String(n), String(r)]), 'rsa-2048': await part('issuance.js', ['rsa-2048', String(Math.round(n / 2)), String(r)]) };
}

async function coldStart() {
  const sevenStarts = async (start) => {
    const runs = [];
    for (let i = 0; i < 7; i++) {
      const started = await start();
      runs.push(Math.round(started.ms));
      await stop(started.child);
    }
    return runs;
  };
  // Node's own share, in the same run: a bare node that prints one line and waits.
  const bareNode = (options) => startProcess(['-e', "console.log('ready'); setInterval(() => {}, 1000)"], /ready/, options);
  const result = { runsMs: await sevenStarts(() => startMockca()), bareNodeMs: await sevenStarts(() => bareNode()) };
  // NODE_EXTRA_CA_CERTS makes Node parse that bundle at every process start, before any script runs.
  if (process.env.NODE_EXTRA_CA_CERTS) {
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    result.withoutExtraCaCerts = { runsMs: await sevenStarts(() => startMockca([], { env })), bareNodeMs: await sevenStarts(() => bareNode({ env })) };
  }
  return result;
}

async function reset() {
  return part('reset.js', [quick ? '20000' : '100000', quick ? '2' : '5'], ['--expose-gc']);
}

/** ACME orders end to end with acme-client beside the REST order rate (bench/acme.js). */
async function acme() {
  const mock = await startMockca(['--issuance', 'immediate', '--acme-always-valid', '--no-digicert-rate-limit']);
  try {
    return await acmeOrders(mock.urls, { seconds, rounds });
  } finally {
    await stop(mock.child);
  }
}

const parts = { coldStart, throughput, inProcess, orders, mixed, issuance, reset, acme };

/** The figures of the targets, from the raw results of the parts that ran. */
function figures(raw) {
  const out = [];
  const add = (label, value, unit, target, met, spreadOf, note) => out.push({ label, value: Math.abs(value) >= 100 ? Math.round(value) : round2(value), unit, target, met, spread: spreadOf, note });
  const t = raw.throughput;
  if (t && !t.error) {
    for (const [vendor, p] of Object.entries(t.vendors)) {
      const ratio = median(p.ratioHono);
      const cpu = (side) => (p.cpuUsPerRequest[side].some((x) => x === null) ? '?' : median(p.cpuUsPerRequest[side]));
      add(`${vendor} GET: mockca / bare Hono (same bytes)`, ratio, '×', '>= 0.6', ratio >= 0.6, spread(p.ratioHono), `mockca ${median(p.mockca)} req/s, Hono ${median(p.hono)} req/s, p99 ${median(p.latency.map((l) => l.p99))} ms at ${t.connections} connections; server CPU per answer: mockca ${cpu('mockca')} µs, Hono ${cpu('hono')} µs`);
      if (p.ratioWiremock.length) {
        const w = median(p.ratioWiremock);
        add(`${vendor} GET: mockca / WireMock ${t.wiremockVersion}`, w, '×', '>= 3', w >= 3, spread(p.ratioWiremock), `WireMock ${median(p.wiremock)} req/s, server CPU per answer ${cpu('wiremock')} µs`);
      }
      const rr = median(p.ratioRules);
      add(`${vendor} GET with 100 non-matching rules / rule-free`, rr, '×', '>= 0.9', rr >= 0.9, spread(p.ratioRules), `${median(p.withRules)} req/s with the rules`);
    }
  }
  const ip = raw.inProcess;
  if (ip && !ip.error) {
    for (const [vendor, p] of Object.entries(ip.vendors)) {
      const overSockets = t && !t.error && !t.vendors[vendor]?.cpuUsPerRequest.mockca.some((x) => x === null) ? `; over sockets the server CPU per answer was mockca ${median(t.vendors[vendor].cpuUsPerRequest.mockca)} µs, Hono ${median(t.vendors[vendor].cpuUsPerRequest.hono)} µs` : '';
      add(`${vendor} GET in process: mockca's JavaScript per answer`, median(p.mockcaUs), 'µs', 'none (where the time goes)', null, spread(p.mockcaUs), `the bare Hono app ${median(p.honoUs)} µs on the same adapter: mockca's own ${median(p.extraUs)} µs (${Math.min(...p.extraUs)}–${Math.max(...p.extraUs)}), ${ip.inFlight} in flight, no kernel${overSockets}`);
      const ratios = p.mockcaUs.map((us, i) => round2(us / p.withRulesUs[i]));
      const rr = median(ratios);
      add(`${vendor} GET in process with ${ip.rules} non-matching rules / rule-free`, rr, '×', '>= 0.9', rr >= 0.9, spread(ratios), `${median(p.withRulesUs)} µs per answer with the rules, ${median(p.mockcaUs)} µs without (the rules add ${median(p.rulesExtraUs)} µs, ${Math.min(...p.rulesExtraUs)}–${Math.max(...p.rulesExtraUs)}), each round the three in turn`);
    }
  }
  const o = raw.orders;
  if (o && !o.error) {
    for (const [name, label] of [['sameCsr', 'one CSR'], ['freshCsr', 'a new CSR each']]) {
      const x = o[name];
      add(`Regfish orders created + issued over HTTP (${label})`, median(x.runs), 'orders/s', '>= 3000', median(x.runs) >= 3000 && x.errors === 0, spread(x.runs), `16 connections, p99 ${median(x.latency.map((l) => l.p99))} ms, ${x.errors} answers not 2xx`);
    }
  }
  const m = raw.mixed;
  if (m && !m.error) {
    const p99 = median(m.runs.map((x) => x.p99));
    add('mixed read/write p99 at 16 connections', p99, 'ms', '< 10', p99 < 10, spread(m.runs.map((x) => x.p99)), `${median(m.runs.map((x) => x.requestsPerSecond))} req/s, p50 ${median(m.runs.map((x) => x.p50))} ms, ${m.runs.reduce((n, x) => n + x.errors, 0)} answers >= 400`);
  }
  const i = raw.issuance;
  if (i && !i.error) {
    for (const [alg, target] of [['ec-p256', 5000], ['rsa-2048', 1500]]) {
      const x = i[alg];
      const single = x.oneAtATime ? `; one at a time ${median(x.oneAtATime)}/s` : '';
      add(`CSR -> signed leaf in process, ${alg} CA`, median(x.runs), 'certificates/s', `>= ${target}`, median(x.runs) >= target && x.refusesBadSignature && x.leafVerifies, spread(x.runs), `${x.inFlight ?? 1} in flight${single}; CSR signature verified (a tampered one refused: ${x.refusesBadSignature}), leaf verifies: ${x.leafVerifies}`);
    }
  }
  if (raw.acme && !raw.acme.error) acmeFigure(raw.acme, add, median, spread);
  const c = raw.coldStart;
  if (c && !c.error) {
    const node = c.bareNodeMs ? `; a bare node process started in ${median(c.bareNodeMs)} ms in the same run` : '';
    const without = c.withoutExtraCaCerts
      ? `; this machine sets NODE_EXTRA_CA_CERTS, which Node parses at every start: without it, ${median(c.withoutExtraCaCerts.runsMs)} ms (bare node ${median(c.withoutExtraCaCerts.bareNodeMs)} ms)`
      : '';
    add('cold start to all four ports ready (median of 7)', median(c.runsMs), 'ms', '<= 150', median(c.runsMs) <= 150, spread(c.runsMs), `spawn to the ready line${node}${without}`);
  }
  const r = raw.reset;
  if (r && !r.error) {
    const ms = median(r.runs);
    const after = median(r.rss.afterReset);
    // "Back near its start": at least 90 % of what the full store added is handed back.
    const full = median(r.rss.full);
    const handedBack = (full - after) / Math.max(1, full - r.rss.start);
    const back = handedBack >= 0.9;
    add(`reset with ${r.certificates.toLocaleString('en-US')} certificates`, ms, 'ms', '<= 10', ms <= 10, spread(r.runs), `then the old store's memory goes back to the system on the next turn of the event loop: ${median(r.releaseMs)} ms`);
    add('RSS after reset (after a full GC)', after, 'MiB', `near start (${r.rss.start} MiB)`, back, spread(r.rss.afterReset), `${full} MiB with the store full: ${Math.round(100 * handedBack)} % of what it added handed back (met at >= 90 %)`);
  }
  return out;
}

const only = option('only')?.split(',');
for (const name of only ?? []) if (!parts[name]) throw new Error(`no part ${name} (parts: ${Object.keys(parts).join(', ')})`);
const raw = {};
for (const [name, fn] of Object.entries(parts)) {
  if (only && !only.includes(name)) continue;
  const started = performance.now();
  process.stdout.write(`${name} … `);
  try {
    raw[name] = await fn();
    process.stdout.write(`${Math.round((performance.now() - started) / 1000)} s\n`);
  } catch (e) {
    raw[name] = { error: String(e?.stack ?? e) };
    process.stdout.write(`FAILED: ${e?.message ?? e}\n`);
  }
  for (const c of children) c.kill('SIGKILL');
}

const results = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, options: { quick, peers, rounds, seconds, connections }, figures: figures(raw), raw };
if (!only) writeFileSync(new URL('results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);

const cell = (s, n) => String(s).padEnd(n);
console.log(`\nmockca benchmark (${results.node}, ${results.cpus} cores, ${rounds} round(s) of ${seconds} s, ${connections} connections unless said)\n`);
console.log(`${cell('figure', 56)} ${cell('value', 22)} ${cell('spread', 16)} ${cell('target', 24)} met`);
for (const f of results.figures) {
  console.log(`${cell(f.label, 56)} ${cell(`${f.value} ${f.unit}`, 22)} ${cell(`${f.spread.min}–${f.spread.max}`, 16)} ${cell(f.target, 24)} ${f.met === null ? '—' : f.met ? 'yes' : 'NO'}`);
  if (f.note) console.log(`${' '.repeat(4)}${f.note}`);
}
for (const [name, r] of Object.entries(raw)) if (r.error) console.log(`\n${name} failed: ${r.error}`);
for (const note of raw.throughput?.notes ?? []) console.log(`\n${note}`);
if (!only) console.log('\nwritten to bench/results.json');
process.exit(Object.values(raw).some((r) => r.error) ? 1 : 0);

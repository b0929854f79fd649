// npm run soak -- --seconds 60 --connections 16 --certificates 100000
//
// Mixed read/write load on every vendor, the control API and the console of one mockca (built
// dist/, loopback only, a temporary data directory), after pre-seeding --certificates orders.
// Prints requests per second, p50/p99 latency per operation, errors, and the server's memory
// after a full GC: at the start, at the end of the load, after a reset, and after --rounds more
// (default 2) load-and-reset rounds on the emptied store (memory that climbs from one reset to
// the next is a leak).
//
// Seeding: a few real orders per vendor go through POST /api/seed of the CLI (signed
// certificates); the CLI is stopped and those rows are copied in SQL in the data directory until
// there are --certificates orders; then the server (bench/soak-server.js, with --expose-gc) is
// started on it. That makes 100,000 orders in seconds instead of minutes, and every copy reads
// like the real order it came from.
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const root = fileURLToPath(new URL('..', import.meta.url));

function args() {
  const out = { seconds: 30, connections: 16, certificates: 10_000, seed: 1, rounds: 2 };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(seconds|connections|certificates|seed|rounds)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`unknown argument ${argv[i]} (use --seconds N --connections N --certificates N --seed N --rounds N)`);
    const value = Number(m[2] ?? argv[++i]);
    if (!Number.isInteger(value) || value < (m[1] === 'certificates' ? 0 : 1)) throw new Error(`--${m[1]} wants a whole number`);
    out[m[1]] = value;
  }
  return out;
}

/** sfc32, as src/state/rng.ts: the same seed picks the same operations and ids. */
function rng(seed) {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0;
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return { next, int: (min, max) => min + Math.floor(next() * (max - min + 1)) };
}

/** mockca in a child process (bench/soak-server.js) that answers `memory` with its figures after a full GC. */
function startServer(dataDir) {
  return new Promise((resolve, reject) => {
    const child = fork(join(root, 'bench/soak-server.js'), [JSON.stringify({ dataDir, host: '127.0.0.1', digicertRateLimit: false })], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (m) => resolve({ child, urls: m.urls }));
    child.once('exit', (code) => reject(new Error(`the soak server exited with ${code}`)));
  });
}

const mib = (bytes) => +(bytes / 1024 / 1024).toFixed(1);

/** RSS and V8 heap in use after a full collection, in MiB. */
function memory(child) {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve({ rss: mib(m.memory.rss), heap: mib(m.memory.heapUsed), external: mib(m.memory.external) }));
    child.send('memory');
  });
}

function stopServer(child) {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', resolve);
    child.send('stop');
  });
}

function startCli(dataDir) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['dist/mockca.cjs', '--host', '127.0.0.1', '--data-dir', dataDir, '--control-port', '0', '--regfish-port', '0', '--digicert-port', '0', '--sectigo-port', '0', '--no-digicert-rate-limit', '--log-level', 'error'],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
      if (!out.includes('mockca ready')) return;
      const url = (label) => new RegExp(`${label}\\s+(http://[^\\s/]+)`).exec(out)[1];
      resolve({ child, urls: { control: url('control API'), regfish: url('Regfish'), digicert: url('DigiCert'), sectigo: url('Sectigo') } });
    });
    child.on('exit', (code) => reject(new Error(`mockca exited with ${code}: ${out}`)));
  });
}

const stop = (child) =>
  new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function call(base, { method = 'GET', path, headers = {}, body }) {
  const target = new URL(path, base);
  const payload = body === undefined ? undefined : Buffer.from(body);
  return new Promise((resolve) => {
    const req = http.request(
      { hostname: target.hostname, port: target.port, path: target.pathname + target.search, method, agent, headers: { ...headers, ...(payload ? { 'content-length': payload.length } : {}) } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: 0, body: Buffer.alloc(0), error: e.code ?? e.message }));
    req.end(payload);
  });
}

const regfishKey = { 'x-api-key': 'regfish-demo-key' };
const digicertKey = { 'x-dc-devkey': 'digicert-demo-key' };
const sectigoLogin = { loginName: 'sectigo-demo', loginPassword: 'sectigo-demo-password' };
const form = (fields) => new URLSearchParams(fields).toString();
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
const jsonHeaders = { 'content-type': 'application/json' };

/** Real orders through the control API; the templates the SQL copies are made from. */
async function seedTemplates(control) {
  for (const vendor of ['regfish', 'digicert', 'sectigo']) {
    const orders = Array.from({ length: 40 }, (_, i) => ({ common_name: `t${i}.${vendor}.soak.example`, state: ['issued', 'issued', 'issued', 'pending', 'revoked', 'expired'][i % 6] }));
    const res = await call(control, { method: 'POST', path: '/api/seed', headers: jsonHeaders, body: JSON.stringify({ vendor, orders }) });
    if (res.status >= 300) throw new Error(`seeding ${vendor} failed: ${res.status} ${res.body}`);
  }
}

const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
function regfishId(i) {
  let s = '';
  for (let n = i; s.length < 12; n = Math.floor(n / 32)) s = alphabet[n % 32] + s;
  return `S${s}`;
}

/** Copies the template orders (and their certificates and validations) until there are `total` orders. */
function copyOrders(dataDir, total) {
  const db = new Database(join(dataDir, 'mockca.sqlite'));
  db.pragma('journal_mode = WAL');
  const templates = db.prepare("SELECT * FROM orders WHERE common_name LIKE '%.soak.example'").all();
  const certsOf = db.prepare('SELECT * FROM certificates WHERE order_id = ? ORDER BY id');
  const validationsOf = db.prepare('SELECT * FROM validations WHERE certificate_id = ?');
  const have = db.prepare('SELECT COUNT(*) AS n FROM orders').get().n;
  const statements = new Map();
  const insert = (table, row) => {
    const { id: _id, ...cols } = row;
    const names = Object.keys(cols);
    const sql = `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`;
    if (!statements.has(sql)) statements.set(sql, db.prepare(sql));
    return statements.get(sql).run(cols).lastInsertRowid;
  };
  const ids = { regfish: [], digicert: [], sectigo: [] };
  db.transaction(() => {
    for (let i = 0; i < total - have; i++) {
      const t = templates[i % templates.length];
      const cn = `h${i}.${t.vendor}.soak.example`;
      const publicId = t.vendor === 'regfish' ? regfishId(i) : String((t.vendor === 'digicert' ? 50_000_000 : 60_000_000) + i);
      const orderId = insert('orders', { ...t, public_id: publicId, common_name: cn, dns_names: JSON.stringify([cn]) });
      for (const c of certsOf.all(t.id)) {
        const certPublic = t.vendor === 'regfish' ? c.public_id : String((t.vendor === 'digicert' ? 70_000_000 : 80_000_000) + i);
        const certId = insert('certificates', { ...c, order_id: orderId, public_id: certPublic, common_name: cn, dns_names: JSON.stringify([cn]), serial: c.serial === null ? null : `7e${i.toString(16).padStart(30, '0')}` });
        for (const v of validationsOf.all(c.id)) insert('validations', { ...v, order_id: orderId, certificate_id: certId, domain: cn });
      }
      ids[t.vendor].push(publicId);
    }
  })();
  db.close();
  return ids;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** The operation mix: [name, weight, request builder]. Ids are drawn from the copied orders. */
function operations(urls, ids, csr, r) {
  const any = (list) => list[r.int(0, list.length - 1)];
  let n = 0;
  return [
    ['regfish.get', 14, () => [urls.regfish, { path: `/tls/certificate/${any(ids.regfish)}`, headers: regfishKey }]],
    ['regfish.list', 3, () => [urls.regfish, { path: '/tls/certificate', headers: regfishKey }]],
    ['regfish.create', 4, () => [urls.regfish, { method: 'POST', path: '/tls/certificate', headers: { ...regfishKey, ...jsonHeaders }, body: JSON.stringify({ sku: 'RapidSSL', common_name: `w${n++}.soak.example`, dcv_method: 'dns-cname-token', csr }) }]],
    ['digicert.get', 14, () => [urls.digicert, { path: `/services/v2/order/certificate/${any(ids.digicert)}`, headers: digicertKey }]],
    ['digicert.list', 3, () => [urls.digicert, { path: `/services/v2/order/certificate?limit=20&offset=${r.int(0, 1000)}`, headers: digicertKey }]],
    ['digicert.create', 4, () => [urls.digicert, { method: 'POST', path: '/services/v2/order/certificate/ssl_dv_geotrust', headers: { ...digicertKey, ...jsonHeaders }, body: JSON.stringify({ certificate: { common_name: `w${n++}.soak.example`, csr, signature_hash: 'sha256', server_platform: { id: 45 } }, validity_years: 1, dcv_method: 'dns-txt-token', skip_approval: true }) }]],
    ['sectigo.collect', 14, () => [urls.sectigo, { method: 'POST', path: '/products/download/CollectSSL', headers: formHeaders, body: form({ ...sectigoLogin, orderNumber: any(ids.sectigo), queryType: '0', responseFormat: '1' }) }]],
    ['sectigo.report', 3, () => [urls.sectigo, { method: 'POST', path: '/products/!WebHostReport', headers: formHeaders, body: form({ ...sectigoLogin, firstResultNo: '1', lastResultNo: '20' }) }]],
    ['sectigo.apply', 4, () => [urls.sectigo, { method: 'POST', path: '/products/!AutoApplySSL', headers: formHeaders, body: form({ ...sectigoLogin, product: '287', days: '365', serverSoftware: '-1', dcvMethod: 'HTTP_CSR_HASH', responseFormat: '1', csr }) }]],
    ['control.orders', 3, () => [urls.control, { path: `/api/orders?limit=50&offset=${r.int(0, 10_000)}` }]],
    ['console.certificates', 2, () => [urls.control, { path: `/certificates?page=${r.int(1, 200)}` }]],
  ];
}

async function loadPhase(urls, ids, csr, { seconds, connections, seed }) {
  const r = rng(seed);
  const ops = operations(urls, ids, csr, r);
  const totalWeight = ops.reduce((s, o) => s + o[1], 0);
  const pickOp = () => {
    let x = r.next() * totalWeight;
    for (const op of ops) if ((x -= op[1]) < 0) return op;
    return ops[ops.length - 1];
  };
  const stats = new Map(ops.map(([name]) => [name, { latencies: [], errors: 0, bytes: 0, codes: {} }]));
  const all = [];
  let stop = false;
  const worker = async () => {
    while (!stop) {
      const [name, , build] = pickOp();
      const [base, req] = build();
      const started = performance.now();
      const res = await call(base, req);
      const ms = performance.now() - started;
      const s = stats.get(name);
      s.latencies.push(ms);
      s.bytes += res.body.length;
      // Sectigo answers HTTP 200 with its errorCode in the body: count that instead.
      const code = res.status === 0 ? `no answer (${res.error})` : name.startsWith('sectigo.') ? `errorCode ${/(?:^|&)errorCode=(-?\d+)/.exec(res.body.toString('latin1'))?.[1] ?? /^(-?\d+)/.exec(res.body.toString('latin1'))?.[1] ?? '?'}` : String(res.status);
      s.codes[code] = (s.codes[code] ?? 0) + 1;
      all.push(ms);
      if (res.status === 0 || res.status >= 500) s.errors++;
    }
  };
  const started = performance.now();
  const workers = Array.from({ length: connections }, worker);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  stop = true;
  await Promise.all(workers);
  const elapsed = (performance.now() - started) / 1000;
  all.sort((a, b) => a - b);
  const perOp = {};
  for (const [name, s] of stats) {
    s.latencies.sort((a, b) => a - b);
    perOp[name] = { requests: s.latencies.length, p50: +percentile(s.latencies, 50).toFixed(2), p99: +percentile(s.latencies, 99).toFixed(2), errors: s.errors, avgBytes: Math.round(s.bytes / Math.max(1, s.latencies.length)), answers: s.codes };
  }
  return { requests: all.length, requestsPerSecond: Math.round(all.length / elapsed), p50: +percentile(all, 50).toFixed(2), p99: +percentile(all, 99).toFixed(2), errors: [...stats.values()].reduce((n, s) => n + s.errors, 0), perOp };
}

async function reset(control) {
  const res = await call(control, { method: 'POST', path: '/api/reset', headers: jsonHeaders, body: '{}' });
  if (res.status !== 200) throw new Error(`reset failed: ${res.status} ${res.body}`);
  // Give the collector a moment: RSS right after a reset still holds what was just freed.
  await new Promise((resolve) => setTimeout(resolve, 2000));
}

const opts = args();
const dataDir = mkdtempSync(join(tmpdir(), 'mockca-soak-'));
try {
  let cli = await startCli(dataDir);
  await seedTemplates(cli.urls.control);
  await stop(cli.child);
  const seededAt = performance.now();
  const ids = copyOrders(dataDir, opts.certificates);
  const seedMs = performance.now() - seededAt;
  const server = await startServer(dataDir);
  const { makeEcCsr } = await import(`${root}dist/ca/make-csr.js`);
  const csr = makeEcCsr('soak.example').csrPem;
  for (const v of Object.keys(ids)) if (ids[v].length === 0) ids[v].push(v === 'regfish' ? '7K9QW3M2ZT8HJ' : v === 'digicert' ? '31415926' : '10000001');
  const mem = { start: await memory(server.child) };
  console.log(`mockca soak: ${opts.certificates.toLocaleString('en-US')} orders (copied in ${Math.round(seedMs)} ms), ${opts.connections} connections, ${opts.seconds} s, seed ${opts.seed}`);
  const first = await loadPhase(server.urls, ids, csr, opts);
  mem.endOfLoad = await memory(server.child);
  await reset(server.urls.control);
  mem.afterReset = await memory(server.child);
  // More rounds (--rounds, default 2) on the emptied store: a leak shows as memory that climbs from one reset to the next.
  const fixtureIds = { regfish: ['7K9QW3M2ZT8HJ'], digicert: ['31415926'], sectigo: ['10000001'] };
  const rounds = [];
  for (let round = 1; round <= opts.rounds; round++) {
    rounds.push(await loadPhase(server.urls, fixtureIds, csr, { ...opts, seconds: Math.max(1, Math.round(opts.seconds / 2)), seed: opts.seed + round }));
    await reset(server.urls.control);
    mem[`afterReset${round + 1}`] = await memory(server.child);
  }
  const second = rounds[0];
  await stopServer(server.child);

  const table = (phase) =>
    Object.entries(phase.perOp)
      .map(([name, s]) => `  ${name.padEnd(22)} ${String(s.requests).padStart(8)} req  p50 ${String(s.p50).padStart(8)} ms  p99 ${String(s.p99).padStart(8)} ms  ${String(s.avgBytes).padStart(8)} B/answer  errors ${s.errors}  ${Object.entries(s.answers).map(([k, v]) => `${k}×${v}`).join(' ')}`)
      .join('\n');
  console.log(`\nload with ${opts.certificates.toLocaleString('en-US')} orders: ${first.requestsPerSecond} req/s, p50 ${first.p50} ms, p99 ${first.p99} ms, ${first.errors} errors (5xx or no answer)\n${table(first)}`);
  console.log(`\nload after the reset (fixtures only, the first of two rounds): ${second.requestsPerSecond} req/s, p50 ${second.p50} ms, p99 ${second.p99} ms, ${second.errors} errors\n${table(second)}`);
  console.log('\nmemory after a full GC (MiB):');
  for (const [when, m] of Object.entries(mem)) console.log(`  ${when.padEnd(14)} RSS ${String(m.rss).padStart(7)}  heap ${String(m.heap).padStart(7)}  external ${String(m.external).padStart(6)}`);
  if (first.errors + rounds.reduce((n, r) => n + r.errors, 0) > 0) process.exitCode = 1;
} finally {
  agent.destroy();
  rmSync(dataDir, { recursive: true, force: true });
}

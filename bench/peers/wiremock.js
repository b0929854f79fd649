// WireMock standalone, the peer of `npm run bench -- --peers`: npm's `wiremock` package (which
// ships the standalone jar) installed on demand into a cache outside the repo, run with Java, and
// given one stub per measured request answering the very bytes mockca answered it with. Started
// with its request journal and request logging off, which is WireMock at its fastest.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import net from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const wiremockVersion = '3.13.2';
const cacheDir = process.env.MOCKCA_BENCH_CACHE ?? join(homedir(), '.cache', 'mockca-bench');

/** The standalone jar, installed into the cache first if it is not there yet. */
export function wiremockJar() {
  const buildDir = join(cacheDir, 'node_modules', 'wiremock', 'build');
  const find = () => (existsSync(buildDir) ? readdirSync(buildDir).find((f) => f === `wiremock-standalone-${wiremockVersion}.jar`) : undefined);
  if (!find()) {
    mkdirSync(cacheDir, { recursive: true });
    const npm = spawnSync('npm', ['install', '--prefix', cacheDir, '--no-audit', '--no-fund', '--no-save', `wiremock@${wiremockVersion}`], { encoding: 'utf8', timeout: 300_000 });
    if (npm.status !== 0) throw new Error(`npm install wiremock@${wiremockVersion} into ${cacheDir} failed: ${npm.stderr || npm.error}`);
  }
  const jar = find();
  if (!jar) throw new Error(`no wiremock-standalone-${wiremockVersion}.jar under ${buildDir}`);
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.status !== 0) throw new Error('WireMock needs Java: apt-get install -y default-jre-headless');
  return join(buildDir, jar);
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/**
 * Starts WireMock with one stub per route ({ method, path, status, contentType, bodyBase64 }, the
 * Sectigo POST matched on its path alone, as the Hono baseline does). Resolves with its url and stop().
 */
export async function startWiremock(routes) {
  const jar = wiremockJar();
  const port = await freePort();
  const child = spawn('java', ['-jar', jar, '--port', String(port), '--bind-address', '127.0.0.1', '--no-request-journal', '--disable-request-logging', '--disable-banner'], { stdio: ['ignore', 'ignore', 'inherit'] });
  let exited = false;
  child.once('exit', () => (exited = true));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error('WireMock exited before it was ready');
    try {
      if ((await fetch(`${url}/__admin/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('WireMock was not ready within 60 s');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  for (const r of routes) {
    const mapping = { request: { method: r.method, urlPath: r.path }, response: { status: r.status, headers: { 'Content-Type': r.contentType }, base64Body: r.bodyBase64 } };
    const res = await fetch(`${url}/__admin/mappings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(mapping) });
    if (!res.ok) throw new Error(`WireMock refused a stub: ${res.status} ${await res.text()}`);
  }
  const stop = () =>
    new Promise((resolve) => {
      if (exited) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  return { url, pid: child.pid, stop };
}

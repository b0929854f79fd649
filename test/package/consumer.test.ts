import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * The package as a user gets it: `npm pack` of the built dist/ (npm test builds it first), unpacked
 * into a throwaway project as node_modules/mockca, its dependencies linked from this repository
 * (nothing is downloaded) but not better-sqlite3's types, nor any other dev-only package.
 */
const repo = join(import.meta.dirname, '../..');
const repoModules = join(repo, 'node_modules');
/** Dev dependencies (and what only they pull in that a consumer must not lean on). */
const devOnly = new Set(['@seriousme', '@types', 'esbuild', '@esbuild', 'playwright-core', 'typescript', 'vitest', '@vitest']);

let project: string;
let packedFiles: string[];

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'mockca-consumer-'));
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', project], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
  ) as { filename: string; files: { path: string }[] }[];
  packedFiles = packed[0].files.map((f) => f.path);
  const modules = join(project, 'node_modules');
  mkdirSync(modules);
  execFileSync('tar', ['-xzf', join(project, packed[0].filename), '-C', modules]);
  renameSync(join(modules, 'package'), join(modules, 'mockca'));
  for (const name of readdirSync(repoModules)) {
    if (name.startsWith('.') || devOnly.has(name)) continue;
    symlinkSync(join(repoModules, name), join(modules, name));
  }
  mkdirSync(join(modules, '@types'));
  symlinkSync(join(repoModules, '@types', 'node'), join(modules, '@types', 'node'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
}, 60_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

const node = (file: string) => spawnSync(process.execPath, [file], { cwd: project, encoding: 'utf8', timeout: 30_000 });

describe('the packed mockca package', () => {
  it('carries its licence, changelog, readme, fixtures and scenarios, and no sources or tests', () => {
    for (const file of ['LICENSE', 'CHANGELOG.md', 'README.md', 'package.json', 'dist/public.js', 'dist/public.d.ts', 'dist/index.cjs', 'dist/index.d.cts', 'dist/mockca.cjs', 'dist/mockca-bundle.cjs', 'fixtures/default.json']) {
      expect(packedFiles).toContain(file);
    }
    expect(packedFiles.some((f) => f.startsWith('scenarios/'))).toBe(true);
    expect(packedFiles.some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false);
  });

  it('type-checks in a strict consumer project with skipLibCheck off, without better-sqlite3 types', () => {
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, skipLibCheck: false, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', types: ['node'] },
        files: ['uses-mockca.ts', 'uses-mockca-cjs.cts'],
      }),
    );
    writeFileSync(
      join(project, 'uses-mockca.ts'),
      `import { startMockCa, ClockOutOfRange, ScenarioError, type MockCaHandle, type MockCaOptions, type JournalEntry, type SeedRequest } from 'mockca';

const options: MockCaOptions = { seed: 7, issuance: 'immediate', logLevel: 'silent' };
const handle: MockCaHandle = await startMockCa(options);
const base: string = handle.urls.regfish;
const took: number = await handle.reset('regfish');
const added: { id: string; name: string } = handle.scenarios.add({ name: 'conflict', rules: [{ match: { operation: 'regfish.reissue' }, respond: { error: 'regfish:409' }, times: 1 }] });
const listed: string[] = handle.scenarios.list().loaded.map((s) => s.name);
const entries: JournalEntry[] = handle.journal.find({ vendor: 'regfish', status: 409 });
const seed: SeedRequest = { vendor: 'sectigo', orders: [{ common_name: 'shop.example.org' }] };
const seeded = await handle.seed(seed);
const firstId: string | undefined = seeded.orders[0]?.id;
const bound: string = handle.server.boundAddress;
if (!(new ScenarioError('x') instanceof Error)) throw new Error('ScenarioError is an Error');
try {
  handle.clock.set(new Date('1900-01-01T00:00:00Z'));
} catch (e) {
  if (!(e instanceof ClockOutOfRange)) throw e;
}
await handle.close();
console.log(base, took, added.id, listed, entries.length, firstId, bound);
`,
    );
    writeFileSync(
      join(project, 'uses-mockca-cjs.cts'),
      `import { startMockCa, type MockCaHandle } from 'mockca';

export async function started(): Promise<MockCaHandle> {
  return startMockCa({ seed: 1 });
}
`,
    );
    const tsc = spawnSync(process.execPath, [join(repoModules, 'typescript', 'bin', 'tsc'), '-p', join(project, 'tsconfig.json')], { cwd: project, encoding: 'utf8', timeout: 60_000 });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 60_000);

  it("require('mockca') works from CommonJS: starts, answers one request, closes", () => {
    writeFileSync(
      join(project, 'uses-mockca.cjs'),
      `const { startMockCa, magicDomains, DataDirLocked, SeedError } = require('mockca');
startMockCa().then(async (handle) => {
  const res = await fetch(handle.urls.regfish + '/tls/products', { headers: { 'x-api-key': 'not-a-key' } });
  const body = await res.json();
  await handle.close();
  console.log(JSON.stringify({ status: res.status, success: body.success, magic: magicDomains.length > 0, errors: [DataDirLocked, SeedError].every((E) => new E('x') instanceof Error) }));
});
`,
    );
    const r = node('uses-mockca.cjs');
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ status: 401, success: false, magic: true, errors: true });
  }, 40_000);

  it('import from ESM works (one bundled file): starts, orders, validates, signs a CRL, documents, closes', () => {
    writeFileSync(
      join(project, 'uses-mockca.mjs'),
      `import { startMockCa, ScenarioError } from 'mockca';
const handle = await startMockCa({ issuance: 'immediate' });
const health = await fetch(handle.urls.control + '/api/health');
const key = { 'x-api-key': 'regfish-demo-key', 'content-type': 'application/json' };
const order = await (await fetch(handle.urls.regfish + '/tls/certificate', { method: 'POST', headers: key, body: JSON.stringify({ sku: 'RapidSSL', common_name: 'esm.example.com', csr: 'MIIC...', dcv_method: 'dns-cname-token' }) })).json();
const refused = await fetch(handle.urls.regfish + '/tls/certificate', { method: 'POST', headers: key, body: '{"sku":7}' });
const crl = await (await fetch(handle.urls.control + '/api/ca/crl?format=pem')).text();
const doc = await (await fetch(handle.urls.control + '/api/openapi/regfish.json')).json();
await handle.close();
console.log(JSON.stringify({ status: health.status, issued: order.response.status, refused: refused.status, crl: crl.startsWith('-----BEGIN X509 CRL-----'), documented: '/tls/certificate' in doc.paths, errors: new ScenarioError('x') instanceof Error }));
`,
    );
    const r = node('uses-mockca.mjs');
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ status: 200, issued: 'issued', refused: 400, crl: true, documented: true, errors: true });
    // The ESM entry is one bundled file, not the compiled modules it imports.
    expect(readFileSync(join(project, 'node_modules', 'mockca', 'dist', 'public.js'), 'utf8')).not.toMatch(/^import .* from '\.\/index\.js';$/m);
  }, 40_000);
});

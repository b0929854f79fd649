import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/state/rng.js';
import { makeCsr } from '../support/csr.js';

/** `CRASH_SEED=… npx vitest run test/crash/kill9.test.ts` picks other kill moments. */
const seed = Number(process.env.CRASH_SEED ?? 9);
const rounds = 5;
const writersPerVendor = 2;

type Vendor = 'regfish' | 'digicert' | 'sectigo';
const vendors: Vendor[] = ['regfish', 'digicert', 'sectigo'];

interface Cli {
  child: ChildProcess;
  urls: Record<Vendor, string>;
}

const dataDir = mkdtempSync(join(tmpdir(), 'mockca-crash-'));
const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** The built CLI (`npm run build` first) on free ports over the one data directory; resolves once it prints "mockca ready". */
function startCli(): Promise<Cli> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['dist/mockca.cjs', '--data-dir', dataDir, '--control-port', '0', '--regfish-port', '0', '--digicert-port', '0', '--sectigo-port', '0', '--issuance', 'immediate', '--no-digicert-rate-limit'],
      { cwd: join(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    running.add(child);
    child.on('close', () => running.delete(child));
    let out = '';
    child.stderr!.on('data', (d) => (out += String(d)));
    child.stdout!.on('data', (d) => {
      out += String(d);
      if (!out.includes('mockca ready')) return;
      const url = (label: string) => new RegExp(`${label}\\s+(http://\\S+?)(/services/v2|/products/)?\\s`).exec(out)![1];
      resolve({ child, urls: { regfish: url('Regfish'), digicert: url('DigiCert'), sectigo: url('Sectigo') } });
    });
    child.on('exit', (code, signal) => reject(new Error(`mockca exited (${code ?? signal}) before it was ready: ${out}`)));
  });
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const sectigoLogin = { loginName: 'sectigo-demo', loginPassword: 'sectigo-demo-password' };

/** One order on a vendor; resolves with its id once the answer is complete (acknowledged), or throws. */
async function placeOrder(cli: Cli, vendor: Vendor, n: number, csr: Record<Vendor, string>, fivexx: string[]): Promise<string | undefined> {
  const cn = `crash-${n}.example.org`;
  let res: Response;
  if (vendor === 'regfish') {
    res = await fetch(`${cli.urls.regfish}/tls/certificate`, {
      method: 'POST',
      headers: { 'x-api-key': 'regfish-demo-key', 'content-type': 'application/json' },
      body: JSON.stringify({ sku: 'RapidSSL', common_name: cn, dcv_method: 'dns-cname-token', csr: csr.regfish }),
    });
  } else if (vendor === 'digicert') {
    res = await fetch(`${cli.urls.digicert}/services/v2/order/certificate/ssl_dv_geotrust`, {
      method: 'POST',
      headers: { 'x-dc-devkey': 'digicert-demo-key', 'content-type': 'application/json' },
      body: JSON.stringify({ certificate: { common_name: cn, csr: csr.digicert, signature_hash: 'sha256', server_platform: { id: 45 } }, validity_years: 1, dcv_method: 'dns-txt-token', skip_approval: true }),
    });
  } else {
    res = await fetch(`${cli.urls.sectigo}/products/!AutoApplySSL`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ ...sectigoLogin, product: '287', days: '365', serverSoftware: '-1', dcvMethod: 'HTTP_CSR_HASH', responseFormat: '1', csr: csr.sectigo }),
    });
  }
  const text = await res.text();
  if (res.status >= 500) fivexx.push(`${vendor} order: ${res.status} ${text.slice(0, 300)}`);
  if (vendor === 'regfish') return res.status === 200 ? (JSON.parse(text).response.id as string) : undefined;
  if (vendor === 'digicert') return res.status === 201 ? String(JSON.parse(text).id) : undefined;
  const fields = new URLSearchParams(text);
  return ['0', '1'].includes(fields.get('errorCode') ?? '') ? (fields.get('orderNumber') ?? undefined) : undefined;
}

/** Reads one acknowledged order back through its vendor's API: true when the vendor knows it. */
async function readBack(cli: Cli, vendor: Vendor, id: string, fivexx: string[]): Promise<boolean> {
  let res: Response;
  if (vendor === 'regfish') res = await fetch(`${cli.urls.regfish}/tls/certificate/${id}`, { headers: { 'x-api-key': 'regfish-demo-key' } });
  else if (vendor === 'digicert') res = await fetch(`${cli.urls.digicert}/services/v2/order/certificate/${id}`, { headers: { 'x-dc-devkey': 'digicert-demo-key' } });
  else
    res = await fetch(`${cli.urls.sectigo}/products/download/CollectSSL`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ ...sectigoLogin, orderNumber: id, queryType: '0', responseFormat: '1' }),
    });
  const text = await res.text();
  if (res.status >= 500) fivexx.push(`${vendor} read ${id}: ${res.status} ${text.slice(0, 300)}`);
  if (vendor === 'sectigo') return Number(new URLSearchParams(text).get('errorCode')) >= 0;
  return res.status === 200;
}

describe(`kill -9 during a write loop on all three vendors (seed ${seed}, ${rounds} rounds)`, () => {
  it('every acknowledged order is there after each restart, and no answer is a 5xx', { timeout: 120_000 }, async () => {
    const rng = new Rng(seed);
    const csr = {
      regfish: await makeCsr({ commonName: 'crash.example.org' }),
      digicert: await makeCsr({ commonName: 'crash.example.org' }),
      sectigo: await makeCsr({ commonName: 'crash.example.org' }),
    };
    const acknowledged: { vendor: Vendor; id: string; round: number }[] = [];
    const lost: string[] = [];
    const fivexx: string[] = [];
    let n = 0;

    for (let round = 0; round <= rounds; round++) {
      const cli = await startCli();
      for (const a of acknowledged) if (!(await readBack(cli, a.vendor, a.id, fivexx))) lost.push(`${a.vendor} ${a.id} (acknowledged in round ${a.round}, missing after restart ${round})`);
      if (round === rounds) {
        cli.child.kill('SIGTERM');
        await new Promise((r) => cli.child.once('close', r));
        break;
      }
      // Kill once this round has acknowledged a seeded number of writes, after a seeded extra moment.
      const killAfter = rng.int(10, 120);
      const extraMs = rng.int(0, 40);
      let ackedThisRound = 0;
      let attempts = 0;
      let killed = false;
      let kill!: () => void;
      const killedAt = new Promise<void>((r) => (kill = r));
      const writer = async (vendor: Vendor) => {
        while (!killed) {
          if (++attempts > 400) kill(); // nothing is being acknowledged: end the round, the expectations below say why
          let id: string | undefined;
          try {
            id = await placeOrder(cli, vendor, n++, csr, fivexx);
          } catch {
            return; // the process is gone: this write was never acknowledged
          }
          if (id === undefined || killed) continue;
          acknowledged.push({ vendor, id, round });
          if (++ackedThisRound === killAfter) setTimeout(kill, extraMs);
        }
      };
      const writers = vendors.flatMap((v) => Array.from({ length: writersPerVendor }, () => writer(v)));
      await killedAt;
      cli.child.kill('SIGKILL');
      killed = true;
      await new Promise((r) => cli.child.once('close', r));
      await Promise.all(writers);
    }
    console.log(`crash seed ${seed}: ${acknowledged.length} acknowledged orders (${vendors.map((v) => `${v} ${acknowledged.filter((a) => a.vendor === v).length}`).join(', ')}) over ${rounds} kills`);
    expect(acknowledged.length).toBeGreaterThan(rounds * 10);
    expect(new Set(acknowledged.map((a) => a.vendor)).size).toBe(3);
    expect(lost).toEqual([]);
    expect(fivexx).toEqual([]);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockCa } from '../../src/index.js';
import { startCli, stderrLines, type RunningCli } from './support.js';

const regfishKey = 'regfish-demo-key';
const digicertKey = 'digicert-demo-key';
const sectigoPassword = 'sectigo-demo-password';
const conflictOnce = { name: 'log-conflict', rules: [{ match: { operation: 'regfish.products.list' }, respond: { error: 'regfish:409' }, times: 1 }] };

/** The requests every log test sends: a 409 from a scenario rule, then a 200, then a refused key (401). */
async function sendRequests(cli: { urls: RunningCli['urls'] }): Promise<void> {
  const added = await fetch(`${cli.urls.control}/api/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(conflictOnce) });
  expect(added.status).toBe(201);
  expect((await fetch(`${cli.urls.regfish}/tls/products`, { headers: { 'x-api-key': regfishKey } })).status).toBe(409);
  expect((await fetch(`${cli.urls.regfish}/tls/products`, { headers: { 'x-api-key': regfishKey } })).status).toBe(200);
  expect((await fetch(`${cli.urls.regfish}/tls/products`, { headers: { 'x-api-key': 'no-such-key' } })).status).toBe(401);
}

const pretty = /^(\S+) (\S+) (\S+) (\S+) (\S+) (\S+) (\d+\.\d)ms(.*)$/;

describe('request log of the mockca command (stderr, after mockca ready)', () => {
  it('info, pretty: one line per request with time, vendor, method, path, operation, status, duration, the rule and the 4xx reason', async () => {
    const cli = await startCli();
    try {
      expect(cli.stdout()).toContain('request log on stderr: info (pretty)');
      expect(cli.stderr()).toBe('');
      await sendRequests(cli);
      const lines = await stderrLines(cli, 3);
      expect(lines).toHaveLength(3);
      const [conflict, ok, refused] = lines.map((l) => pretty.exec(l));
      for (const m of [conflict, ok, refused]) {
        expect(m).not.toBeNull();
        expect(new Date(m![1]).toISOString()).toBe(m![1]);
        expect(m!.slice(2, 6)).toEqual(['regfish', 'GET', '/tls/products', 'regfish.products.list']);
      }
      expect(conflict![6]).toBe('409');
      expect(conflict![8]).toContain(' scenario=log-conflict#1');
      expect(conflict![8]).toContain('error=regfish:reissueConflict');
      expect(ok![6]).toBe('200');
      expect(ok![8]).toBe('');
      expect(refused![6]).toBe('401');
      expect(refused![8]).not.toContain('scenario=');
      expect(refused![8]).toContain('reason="unknown x-api-key"');
      // The control API is not part of the request log.
      expect(cli.stderr()).not.toContain('/api/scenarios');
    } finally {
      await cli.stop();
    }
  });

  it('--log-format json: one JSON object per line, the same facts as fields', async () => {
    const cli = await startCli(['--log-format', 'json']);
    try {
      await sendRequests(cli);
      const [conflict, ok, refused] = (await stderrLines(cli, 3)).map((l) => JSON.parse(l));
      expect(conflict).toMatchObject({
        level: 'info',
        vendor: 'regfish',
        method: 'GET',
        path: '/tls/products',
        operation: 'regfish.products.list',
        status: 409,
        error: 'regfish:reissueConflict',
        scenario: { name: 'log-conflict', rule: 1 },
      });
      expect(conflict.answeredBy).toContain('log-conflict');
      expect(typeof conflict.durationMs).toBe('number');
      expect(new Date(conflict.time).toISOString()).toBe(conflict.time);
      expect(ok).toMatchObject({ status: 200, scenario: null, answeredBy: null, reason: null, error: null });
      expect(refused).toMatchObject({ status: 401, scenario: null, reason: 'unknown x-api-key' });
      expect(conflict.request).toBeUndefined();
    } finally {
      await cli.stop();
    }
  });

  it('--log-level debug adds bodies and headers with x-api-key, X-DC-DEVKEY and loginPassword masked', async () => {
    const cli = await startCli(['--log-level', 'debug']);
    try {
      await fetch(`${cli.urls.regfish}/tls/products`, { headers: { 'x-api-key': regfishKey } });
      await fetch(`${cli.urls.digicert}/services/v2/product`, { headers: { 'X-DC-DEVKEY': digicertKey } });
      const form = new URLSearchParams({ loginName: 'sectigo-demo', loginPassword: sectigoPassword, domainName: 'shop.example.org' });
      expect((await fetch(`${cli.urls.sectigo}/products/!GetDCVEmailAddressList`, { method: 'POST', body: form })).status).toBe(200);
      await fetch(`${cli.urls.sectigo}/products/!GetDCVEmailAddressList?${form}`);
      const lines = await stderrLines(cli, 4 * 4);
      const text = lines.join('\n');
      expect(text).not.toContain(regfishKey);
      expect(text).not.toContain(digicertKey);
      expect(text).not.toContain(sectigoPassword);
      expect(text).toContain('"x-api-key":"****-key"');
      expect(text).toContain('"x-dc-devkey":"****-key"');
      expect(text).toContain('request body: "loginName=sectigo-demo&loginPassword=****&domainName=shop.example.org"');
      expect(text).toMatch(/query: loginName=sectigo-demo&loginPassword=\*\*\*\*&domainName=shop.example.org/);
      // The answer body, as sent (Sectigo's tab-separated list).
      expect(text).toMatch(/response body: "0\\ndomain_name\\tshop.example.org\\n/);
      expect(lines.filter((l) => pretty.test(l))).toHaveLength(4);
    } finally {
      await cli.stop();
    }
  });

  it('debug in JSON: request and response are fields of the one line, secrets masked', async () => {
    const cli = await startCli(['--log-level', 'debug', '--log-format', 'json']);
    try {
      const form = new URLSearchParams({ loginName: 'sectigo-demo', loginPassword: sectigoPassword, domainName: 'shop.example.org' });
      await fetch(`${cli.urls.sectigo}/products/!GetDCVEmailAddressList`, { method: 'POST', body: form });
      const [line] = (await stderrLines(cli, 1)).map((l) => JSON.parse(l));
      expect(line.level).toBe('debug');
      expect(line.request.body).toBe('loginName=sectigo-demo&loginPassword=****&domainName=shop.example.org');
      expect(line.response.body).toMatch(/^0\ndomain_name\tshop\.example\.org\n/);
      expect(line.response.headers['content-type']).toMatch(/^text\/plain/);
      expect(JSON.stringify(line)).not.toContain(sectigoPassword);
    } finally {
      await cli.stop();
    }
  });

  it('--log-level silent and error write no request lines; the level also comes from MOCKCA_LOG_LEVEL and the config file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mockca-log-'));
    try {
      const config = join(dir, 'mockca.yaml');
      writeFileSync(config, 'log-level: silent\nlog-format: json\n');
      for (const [args, env] of [
        [['--log-level', 'silent'], {}],
        [['--log-level', 'error'], {}],
        [[], { MOCKCA_LOG_LEVEL: 'silent' }],
        [['--config', config], {}],
      ] as [string[], Record<string, string>][]) {
        const cli = await startCli(args, env);
        try {
          await sendRequests(cli);
          expect(cli.stderr()).toBe('');
        } finally {
          await cli.stop();
        }
      }
      const fromEnv = await startCli([], { MOCKCA_LOG_FORMAT: 'json' });
      try {
        await fetch(`${fromEnv.urls.regfish}/tls/products`, { headers: { 'x-api-key': regfishKey } });
        expect(JSON.parse((await stderrLines(fromEnv, 1))[0])).toMatchObject({ vendor: 'regfish', status: 200 });
      } finally {
        await fromEnv.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('request log of startMockCa()', () => {
  const written: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  beforeAll(() => {
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      written.push(String(chunk));
      return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stderr.write;
  });
  afterAll(() => {
    process.stderr.write = write;
  });

  it('is off by default (a test suite sees nothing), on when asked for', async () => {
    const quiet = await startMockCa();
    try {
      written.length = 0;
      await fetch(`${quiet.urls.regfish}/tls/products`, { headers: { 'x-api-key': regfishKey } });
      expect(written).toEqual([]);
    } finally {
      await quiet.close();
    }
    const logged = await startMockCa({ logLevel: 'info', logFormat: 'json' });
    try {
      written.length = 0;
      await fetch(`${logged.urls.regfish}/tls/products`, { headers: { 'x-api-key': 'no-such-key' } });
      expect(written).toHaveLength(1);
      expect(JSON.parse(written[0])).toMatchObject({ vendor: 'regfish', status: 401, reason: 'unknown x-api-key' });
    } finally {
      await logged.close();
    }
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCli, type RunningCli } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'mockca-data-dir-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const json = { 'content-type': 'application/json' };
const tenDays = 10 * 86_400_000;
const conflictOnce = { name: 'kept-conflict', rules: [{ match: { operation: 'regfish.products.list' }, respond: { error: 'regfish:409' }, times: 1 }] };

const clock = async (cli: RunningCli) => (await (await fetch(`${cli.urls.control}/api/clock`)).json()) as { now: string; offset_ms: number };
const loaded = async (cli: RunningCli) =>
  ((await (await fetch(`${cli.urls.control}/api/scenarios`)).json()) as { loaded: { name: string; source: string }[] }).loaded.map((s) => `${s.name}:${s.source}`);
const products = async (cli: RunningCli) => (await fetch(`${cli.urls.regfish}/tls/products`, { headers: { 'x-api-key': 'regfish-demo-key' } })).status;

describe('--data-dir keeps the virtual clock and the loaded scenarios across a restart', () => {
  it('clock offset, scenarios added and loaded at run time (not twice the --scenario ones), through SIGTERM and kill -9', async () => {
    const dataDir = join(dir, 'kept');
    const args = ['--data-dir', dataDir, '--scenario', 'regfish-reissue-conflict', '--log-level', 'silent'];
    const first = await startCli(args);
    try {
      expect((await fetch(`${first.urls.control}/api/clock/advance`, { method: 'POST', headers: json, body: JSON.stringify({ days: 10 }) })).status).toBe(200);
      expect((await fetch(`${first.urls.control}/api/scenarios`, { method: 'POST', headers: json, body: JSON.stringify(conflictOnce) })).status).toBe(201);
      expect((await fetch(`${first.urls.control}/api/scenarios/load`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'hang' }) })).status).toBe(201);
      expect((await fetch(`${first.urls.control}/api/scenarios/hang`, { method: 'DELETE' })).status).toBeLessThan(300);
      expect((await fetch(`${first.urls.control}/api/scenarios/load`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'regfish-upstream-502' }) })).status).toBe(201);
      expect((await clock(first)).offset_ms).toBe(tenDays);
    } finally {
      expect(await first.stop('SIGTERM')).toBe(0);
    }

    const second = await startCli(args);
    try {
      expect((await clock(second)).offset_ms).toBe(tenDays);
      expect(await loaded(second)).toEqual(['regfish-reissue-conflict:cli', 'kept-conflict:api', 'regfish-upstream-502:file']);
      // The kept rule answers again (its counter starts over after a restart).
      await fetch(`${second.urls.control}/api/scenarios/regfish-upstream-502`, { method: 'DELETE' });
      expect(await products(second)).toBe(409);
      expect(await products(second)).toBe(200);
      expect((await fetch(`${second.urls.control}/api/clock/advance`, { method: 'POST', headers: json, body: JSON.stringify({ hours: 1 }) })).status).toBe(200);
    } finally {
      // Every change is written when it is made: a crash keeps it too.
      await second.stop('SIGKILL');
    }

    const third = await startCli(args);
    try {
      expect((await clock(third)).offset_ms).toBe(tenDays + 3_600_000);
      expect(await loaded(third)).toEqual(['regfish-reissue-conflict:cli', 'kept-conflict:api']);
      // Clearing the scenarios and resetting the clock are kept as well.
      expect((await fetch(`${third.urls.control}/api/scenarios`, { method: 'DELETE' })).status).toBe(200);
      expect((await fetch(`${third.urls.control}/api/reset`, { method: 'POST', headers: json, body: '{}' })).status).toBeLessThan(300);
      expect((await clock(third)).offset_ms).toBe(0);
    } finally {
      expect(await third.stop('SIGTERM')).toBe(0);
    }

    const fourth = await startCli(args);
    try {
      expect((await clock(fourth)).offset_ms).toBe(0);
      expect(await loaded(fourth)).toEqual(['regfish-reissue-conflict:cli']);
    } finally {
      await fourth.stop('SIGTERM');
    }
  });

  it('without --data-dir nothing is kept: each start begins at the wall clock with only the --scenario ones', async () => {
    const first = await startCli(['--log-level', 'silent']);
    try {
      await fetch(`${first.urls.control}/api/clock/advance`, { method: 'POST', headers: json, body: JSON.stringify({ days: 1 }) });
      await fetch(`${first.urls.control}/api/scenarios`, { method: 'POST', headers: json, body: JSON.stringify(conflictOnce) });
    } finally {
      await first.stop();
    }
    const second = await startCli(['--log-level', 'silent']);
    try {
      expect((await clock(second)).offset_ms).toBe(0);
      expect(await loaded(second)).toEqual([]);
    } finally {
      await second.stop();
    }
  });
});

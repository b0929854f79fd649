/** The mockca command's banner names each ACME directory with the demo account's EAB key (needs `npm run build`). */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCli, type RunningCli } from '../cli/support.js';
import { fixtureEab } from './support.js';

let cli: RunningCli;
beforeAll(async () => {
  cli = await startCli();
});
afterAll(async () => cli?.stop());

it('prints, per vendor, ACME <directory URL> eab kid=<id> hmac=<key>, and the directory answers', async () => {
  const lines = cli.stdout().split('\n');
  const digicert = lines.find((l) => l.includes('/v2/acme/directory/'))!;
  expect(digicert).toMatch(/^\s+ACME\s+http:\/\/127\.0\.0\.1:\d+\/v2\/acme\/directory\/\s+eab kid=(\S+) hmac=(\S+)$/);
  expect(digicert).toContain(`eab kid=${fixtureEab.digicert.kid} hmac=${fixtureEab.digicert.hmacKey}`);
  const sectigo = lines.find((l) => l.includes('/v2/DV'))!;
  expect(sectigo).toContain(`${cli.urls.sectigo}/v2/DV   eab kid=${fixtureEab.sectigo.kid} hmac=${fixtureEab.sectigo.hmacKey}`);
  const directory = await fetch(digicert.trim().split(/\s+/)[1]);
  expect((await directory.json()).meta.externalAccountRequired).toBe(true);
});

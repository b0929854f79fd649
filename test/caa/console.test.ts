import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { consoleClient, fixtureId, type ConsoleClient } from '../console/support.js';
import { httpClient, startTestServer, type HttpClient } from '../support/server.js';

// The console's CAA record form (the verification step of a reissue), its refusals included.
let mock: MockCaHandle;
let web: ConsoleClient;
let control: HttpClient;

beforeAll(async () => {
  mock = await startTestServer();
  web = consoleClient(mock.urls.control);
  control = httpClient(mock.urls.control);
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

async function draftPath(): Promise<string> {
  const start = await web.post(`/certificates/regfish/${fixtureId}/0/action`, { action: 'reissue', confirm: 'yes' });
  return start.location.replace(/\/subject$/, '');
}

const caaRecords = async () => ((await control.get('/api/dns/records')).body.records as { type: string }[]).filter((r) => r.type === 'CAA');

describe('console CAA record form', () => {
  it('adds the record and the verification step shows the domain blocked', async () => {
    const draft = await draftPath();
    const res = await web.post(`${draft}/caa`, { name: 'Example.COM.', flags: '0', tag: 'issue', value: '"letsencrypt.org"' });
    expect(res.status).toBe(303);
    expect(decodeURIComponent(res.location)).toContain('ok=Added example.com. CAA 0 issue "letsencrypt.org".');
    expect(await caaRecords()).toEqual([expect.objectContaining({ name: 'example.com.', flags: 0, tag: 'issue', data: 'letsencrypt.org' })]);
    const page = await web.get(`${draft}/verification`);
    expect(page.html.match(/data-caa="blocked"/g)).toHaveLength(2);
  });

  it('refuses a name that is no DNS name, an unknown tag or flags, and a value with quotes; nothing is added', async () => {
    const draft = await draftPath();
    const cases: [Record<string, string>, string][] = [
      [{ name: 'not a name', flags: '0', tag: 'issue', value: 'x.example' }, "'not a name' is not a DNS name"],
      [{ name: 'example.com', flags: '0', tag: 'tbs', value: 'x.example' }, 'Pick a tag and flags from the lists.'],
      [{ name: 'example.com', flags: '7', tag: 'issue', value: 'x.example' }, 'Pick a tag and flags from the lists.'],
      [{ name: 'example.com', flags: '0', tag: 'issue', value: 'a"b' }, 'The value must be at most 255 characters, without quotes or backslashes.'],
    ];
    for (const [fields, text] of cases) {
      const res = await web.post(`${draft}/caa`, fields);
      expect(res.status).toBe(303);
      expect(decodeURIComponent(res.location)).toContain(`error=${text}`);
    }
    expect(await caaRecords()).toEqual([]);
  });

  it('a draft that is gone sends back to Issued Certificates', async () => {
    const res = await web.post('/reissue/0000000000000000/caa', { name: 'example.com', flags: '0', tag: 'issue', value: 'x' });
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/^\/certificates\?error=/);
  });
});

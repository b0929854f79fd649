import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ScenarioError, startMockCa, type MockCaHandle } from '../../src/index.js';
import { startTestServer } from '../support/server.js';
import { clients, demoKey, otherKey, rawRequest, type Clients } from './support.js';

let mock: MockCaHandle;
let api: Clients;

beforeAll(async () => {
  mock = await startTestServer();
  api = clients(mock);
});
afterAll(() => mock.close());
beforeEach(async () => {
  await mock.reset();
  mock.scenarios.clear();
});

const products = async () => (await api.regfish.get('/tls/products')).status;
const statuses = async (n: number) => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await products());
  return out;
};
const rule = (extra: Record<string, unknown>) => ({ rules: [{ match: { operation: 'regfish.products.list' }, respond: { error: 'regfish:500' }, ...extra }] });

describe('completion', () => {
  it('always (the default)', async () => {
    mock.scenarios.add(rule({}));
    expect(await statuses(3)).toEqual([500, 500, 500]);
  });

  it('once', async () => {
    mock.scenarios.add(rule({ once: true }));
    expect(await statuses(3)).toEqual([500, 200, 200]);
  });

  it('N times', async () => {
    mock.scenarios.add(rule({ times: 2 }));
    expect(await statuses(4)).toEqual([500, 500, 200, 200]);
  });

  it('skip the first N, then always (or then N times)', async () => {
    mock.scenarios.add(rule({ skip: 2 }));
    expect(await statuses(4)).toEqual([200, 200, 500, 500]);
    mock.scenarios.clear();
    mock.scenarios.add(rule({ skip: 1, times: 1 }));
    expect(await statuses(3)).toEqual([200, 500, 200]);
  });

  it('probability 0 never answers, 1 always does', async () => {
    mock.scenarios.add(rule({ probability: 0 }));
    expect(await statuses(3)).toEqual([200, 200, 200]);
    mock.scenarios.clear();
    mock.scenarios.add(rule({ probability: 1 }));
    expect(await statuses(3)).toEqual([500, 500, 500]);
  });

  it('probability is seeded: a reset replays the same sequence', async () => {
    mock.scenarios.add(rule({ probability: 0.5 }));
    const first = await statuses(24);
    expect(first).toContain(500);
    expect(first).toContain(200);
    await mock.reset();
    expect(await statuses(24)).toEqual(first);
    // POST /api/reset does the same.
    expect((await api.control.post('/api/reset', {})).status).toBe(200);
    expect(await statuses(24)).toEqual(first);
  });

  it('two servers with one seed give identical outcomes; another seed differs', async () => {
    const run = async (seed: number) => {
      const other = await startMockCa({ seed });
      try {
        other.scenarios.add(rule({ probability: 0.3 }));
        const out: number[] = [];
        for (let i = 0; i < 30; i++) out.push((await fetch(`${other.urls.regfish}/tls/products`, { headers: { 'x-api-key': demoKey } })).status);
        return out;
      } finally {
        await other.close();
      }
    };
    const a = await run(7);
    expect(await run(7)).toEqual(a);
    expect(await run(8)).not.toEqual(a);
  });

  it('reset re-arms once rules (counters back to zero)', async () => {
    mock.scenarios.add(rule({ once: true }));
    expect(await statuses(2)).toEqual([500, 200]);
    await mock.reset();
    expect(await statuses(2)).toEqual([500, 200]);
  });

  it('the earliest added rule wins; an exhausted rule stands aside for the next', async () => {
    mock.scenarios.add({ rules: [{ match: { operation: 'regfish.products.list' }, respond: { error: 'regfish:502' }, once: true }] });
    mock.scenarios.add({ rules: [{ match: { operation: 'regfish.products.list' }, respond: { error: 'regfish:500' }, once: true }] });
    expect(await statuses(3)).toEqual([502, 500, 200]);
  });
});

describe('matchers', () => {
  it('method and path pattern', async () => {
    mock.scenarios.add({ rules: [{ match: { vendor: 'regfish', method: 'GET', path: '/tls/certificate/*' }, respond: { status: 418 } }] });
    expect((await api.regfish.get('/tls/certificate/ABC')).status).toBe(418);
    expect((await api.regfish.get('/tls/certificate')).status).toBe(200);
    expect((await api.regfish.get('/tls/products')).status).toBe(200);
  });

  it('order id from the route', async () => {
    mock.scenarios.add({ rules: [{ match: { operation: 'regfish.certificate.get', id: 'NOPE00000000A' }, respond: { status: 418 } }] });
    expect((await api.regfish.get('/tls/certificate/NOPE00000000A')).status).toBe(418);
    expect((await api.regfish.get('/tls/certificate/NOPE00000000B')).status).toBe(404);
  });

  it('body field predicates (JSON dot paths, contains, matches, exists)', async () => {
    mock.scenarios.add({
      rules: [
        { match: { operation: 'regfish.dns.create', body: { type: 'TXT', name: { contains: '_acme' } } }, respond: { status: 418 } },
        { match: { operation: 'regfish.dns.create', body: { ttl: { exists: false }, data: { matches: '^bad' } } }, respond: { status: 419 } },
      ],
    });
    expect((await api.regfish.post('/dns/rr', { type: 'TXT', name: '_acme.example.com', data: 'x' })).status).toBe(418);
    expect((await api.regfish.post('/dns/rr', { type: 'A', name: 'www.example.com', data: 'bad' })).status).toBe(419);
    const through = await api.regfish.post('/dns/rr', { type: 'A', name: 'www.example.com', data: '192.0.2.1', ttl: 300 });
    expect(through.status).toBe(200);
    // The handler still got the body the matcher read.
    expect(through.body.response.data).toBe('192.0.2.1');
  });

  it('query and header predicates', async () => {
    mock.scenarios.add({ rules: [{ match: { vendor: 'regfish', headers: { 'x-test': 'yes' } }, respond: { status: 418 } }] });
    expect((await api.regfish.get('/tls/products', { 'x-test': 'yes' })).status).toBe(418);
    expect((await api.regfish.get('/tls/products')).status).toBe(200);
  });
});

describe('scoping to one API key', () => {
  it('a rule with match.account only hits that key', async () => {
    mock.scenarios.add({ rules: [{ match: { operation: 'regfish.products.list', account: otherKey }, respond: { error: 'regfish:500' } }] });
    expect((await api.regfish.get('/tls/products')).status).toBe(200);
    expect((await api.other.get('/tls/products')).status).toBe(500);
  });

  it('a scenario-level account scopes every rule (parallel suites on one server)', async () => {
    mock.scenarios.add({ account: demoKey, rules: [{ match: {}, respond: { status: 503 } }, { match: { operation: 'regfish.reissue' }, respond: { error: 'regfish:409' } }] });
    expect((await api.regfish.get('/tls/products')).status).toBe(503);
    expect((await api.other.get('/tls/products')).status).toBe(200);
  });

  it('the account name works as well as the key', async () => {
    mock.scenarios.add({ rules: [{ match: { operation: 'regfish.products.list', account: 'Regfish second customer' }, respond: { status: 418 } }] });
    expect((await api.other.get('/tls/products')).status).toBe(418);
    expect((await api.regfish.get('/tls/products')).status).toBe(200);
  });
});

describe('selection by the x-mockca-scenario header', () => {
  it('applies a named scenario to that request only', async () => {
    const id = mock.server.ctx.store.ordersOf(mock.server.ctx.store.accountByApiKey('regfish', demoKey)!.id)[0].publicId;
    const res = await api.regfish.post(`/tls/certificate/${id}/reissue`, { csr: 'x', dcv_method: 'dns-cname-token' }, { 'x-mockca-scenario': 'regfish-reissue-conflict' });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('The TLS certificate cannot be reissued in its current state');
    // Without the header the same request reaches the handler (400: bad CSR).
    expect((await api.regfish.post(`/tls/certificate/${id}/reissue`, { csr: 'x', dcv_method: 'dns-cname-token' })).status).toBe(400);
    const [entry] = mock.journal.find({ operation: 'regfish.reissue', status: 409 });
    expect(entry.answeredBy).toBe('answered by scenario regfish-reissue-conflict, rule 1: regfish.reissue → regfish:409 (once, used 1/1)');
  });

  it('naming a scenario that is loaded anyway does not apply it twice', async () => {
    mock.scenarios.add({ name: 'skip-one', rules: [{ match: { operation: 'regfish.products.list' }, respond: { status: 418 }, skip: 1 }] });
    const seen = [];
    for (let i = 0; i < 2; i++) seen.push((await api.regfish.get('/tls/products', { 'x-mockca-scenario': 'skip-one' })).status);
    expect(seen).toEqual([200, 418]);
  });

  it('several names, comma-separated; an unknown name is refused with a 400 that says why', async () => {
    expect((await api.regfish.get('/tls/products', { 'x-mockca-scenario': 'slow-responses, total-outage' })).status).toBe(503);
    const res = await api.regfish.get('/tls/products', { 'x-mockca-scenario': 'no-such-scenario' });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain("unknown scenario 'no-such-scenario'");
  }, 15_000);
});

describe('validation', () => {
  const refused = (input: unknown) => {
    try {
      mock.scenarios.add(input as never);
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      return (e as Error).message;
    }
    throw new Error('accepted');
  };

  it('names the rule and the field', () => {
    expect(refused({ rules: [{ respond: { error: 'regfish:409' } }, { match: { operation: 'regfish.reissue' }, times: 0, respond: { status: 500 } }] })).toBe(
      'scenario: rule 2, field times: Too small: expected number to be >=1',
    );
  });

  it('an unknown operation, with a suggestion', () => {
    expect(refused({ rules: [{ match: { operation: 'regfish.reisue' }, respond: { status: 500 } }] })).toMatch(
      /^scenario: rule 1, field match.operation: unknown operation 'regfish.reisue' \(did you mean regfish.reissue\?\)/,
    );
  });

  it('an unknown vendor error, listing the known ones', () => {
    expect(refused({ rules: [{ respond: { error: 'regfish:418' } }] })).toMatch(/^scenario: rule 1, field respond.error: unknown regfish error '418' \(known: 400, 401, .*reissueConflict/);
  });

  it('a rule that does nothing, or mixes vendors', () => {
    expect(refused({ rules: [{ match: { vendor: 'regfish' } }] })).toBe('scenario: rule 1: a rule needs at least one of respond, fault, delay, effect');
    expect(refused({ rules: [{ match: { operation: 'regfish.reissue' }, respond: { error: 'digicert:request_limit_exceeded' } }] })).toMatch(/rule 1, field respond.error: the rule mixes vendors/);
  });

  it('a scenario file is refused with its file name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mockca-scn-'));
    writeFileSync(join(dir, 'broken.yaml'), 'rules:\n  - match: { operation: regfish.reissue }\n    respond: { error: "regfish:409" }\n  - match: { operation: regfish.reissue }\n    delay: { uniform: [1] }\n');
    await expect(startMockCa({ scenarioDir: dir, scenarios: ['broken'] })).rejects.toThrow(/broken\.yaml: rule 2, field delay/);
  });
});

describe('sources', () => {
  it('--scenario NAME (config.scenarios) loads files at start', async () => {
    const other = await startMockCa({ scenarios: ['regfish-500-once', 'hang'] });
    try {
      const list = other.scenarios.list();
      expect(list.loaded.map((s) => [s.name, s.source])).toEqual([
        ['regfish-500-once', 'cli'],
        ['hang', 'cli'],
      ]);
      expect((await fetch(`${other.urls.regfish}/tls/products`, { headers: { 'x-api-key': demoKey } })).status).toBe(500);
    } finally {
      await other.close();
    }
  });

  it('a scenario folder of your own (YAML and JSON)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mockca-scn-'));
    writeFileSync(join(dir, 'teapot.json'), JSON.stringify({ description: 'teapots', rules: [{ match: { vendor: 'regfish' }, respond: { status: 418 } }] }));
    const other = await startMockCa({ scenarioDir: dir });
    try {
      expect(other.scenarios.list().available).toEqual([{ name: 'teapot', description: 'teapots', file: `${basename(dir)}/teapot.json` }]);
      other.scenarios.load('teapot');
      expect((await fetch(`${other.urls.regfish}/tls/products`, { headers: { 'x-api-key': demoKey } })).status).toBe(418);
    } finally {
      await other.close();
    }
  });

  it('pre-routing rules also hit unknown routes and unauthenticated requests', async () => {
    mock.scenarios.add({ rules: [{ match: { vendor: 'regfish' }, respond: { status: 503 } }] });
    expect((await rawRequest(mock.urls.regfish, '/no/such/route')).kind === 'response' && (await rawRequest(mock.urls.regfish, '/no/such/route'))).toMatchObject({ status: 503 });
  });
});

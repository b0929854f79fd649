import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockCa, type MockCaHandle } from '../../src/index.js';
import { packageRoot } from '../../src/version.js';
import { httpClient, startTestServer, type HttpClient } from '../support/server.js';
import { clients, demoKey, type Clients } from './support.js';

let mock: MockCaHandle;
let api: Clients;
let digicert: HttpClient;

beforeAll(async () => {
  mock = await startTestServer({ digicertRateLimit: false });
  api = clients(mock);
  digicert = httpClient(`${mock.urls.digicert}/services/v2`, { 'X-DC-DEVKEY': 'digicert-demo-key' });
});
afterAll(() => mock.close());
beforeEach(async () => {
  await mock.reset();
  mock.scenarios.clear();
});

/** A Regfish request carrying the header, without any API key (the header is read before auth). */
const withHeader = (value: string) => httpClient(mock.urls.regfish).get('/tls/products', { 'x-mockca-scenario': value });

const sectigo = (form: Record<string, string>, headers: Record<string, string>) =>
  fetch(`${mock.urls.sectigo}/products/download/CollectSSL`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ loginName: 'sectigo-demo', loginPassword: 'sectigo-demo-password', orderNumber: '10000001', queryType: '0', ...form }).toString(),
  }).then(async (r) => ({ status: r.status, type: r.headers.get('content-type'), text: await r.text() }));

const passwdLine = readFileSync('/etc/passwd', 'utf8').split('\n')[0];

describe('scenario names are names, never paths (issue 10, finding 1)', () => {
  it('x-mockca-scenario: /dev/zero is an unknown scenario at once, without reading the device', async () => {
    const res = await withHeader('/dev/zero');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ success: false, message: expect.stringMatching(/^x-mockca-scenario: unknown scenario '\/dev\/zero' \(available: .*regfish-500-once/), error: expect.any(String) });
  });

  it('x-mockca-scenario: /etc/passwd reads nothing and quotes no line of the file', async () => {
    const res = await withHeader('/etc/passwd');
    expect(res.status).toBe(400);
    expect(res.body.message).toContain("unknown scenario '/etc/passwd'");
    expect(res.text).not.toContain(passwdLine);
    expect(res.text).not.toContain('root:');
  });

  it('relative paths out of the folder are unknown names, whether or not the file exists', async () => {
    const existing = await withHeader('../../../../../../../etc/group');
    const missing = await withHeader('../../../../../../../etc/no-such-file');
    expect(existing.status).toBe(400);
    expect(missing.status).toBe(400);
    expect(existing.body.message.replace('group', 'X')).toBe(missing.body.message.replace('no-such-file', 'X'));
  });

  it('POST /api/scenarios/load with a path answers exactly what an unknown name gets: 404 with the list of names', async () => {
    const answers = await Promise.all(['../../../etc/group', '/etc/passwd', '/dev/zero', '/etc/no-such-file', 'nope'].map((name) => api.control.post('/api/scenarios/load', { name })));
    for (const res of answers) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('unknown_scenario');
      expect(res.body.error.message).toMatch(/^unknown scenario '.*' \(available: .*regfish-reissue-conflict/);
      expect(res.text).not.toContain('root:');
      expect(res.text).not.toContain(packageRoot);
    }
    expect(mock.scenarios.list().loaded).toEqual([]);
  });

  it('a name with its extension still loads; the answer names the file relative to its folder', async () => {
    const res = await api.control.post('/api/scenarios/load', { name: 'regfish-500-once.yaml' });
    expect(res.status).toBe(201);
    expect(res.body.file).toBe('scenarios/regfish-500-once.yaml');
  });

  it('no answer about scenarios prints the install path', async () => {
    await api.control.post('/api/scenarios/load', { name: 'total-outage' });
    const listed = await api.control.get('/api/scenarios');
    expect(listed.status).toBe(200);
    expect(listed.text).not.toContain(packageRoot);
    expect(listed.body.available.find((f: { name: string }) => f.name === 'hang').file).toBe('scenarios/hang.yaml');
    expect((await withHeader('nope')).text).not.toContain(packageRoot);
  });

  it('a header naming a folder file still selects it, with or without the extension', async () => {
    expect((await api.regfish.get('/tls/products', { 'x-mockca-scenario': 'regfish-500-once' })).status).toBe(500);
    expect((await api.regfish.get('/tls/products', { 'x-mockca-scenario': 'total-outage.yaml' })).status).toBe(503);
  });
});

describe('an unknown name in x-mockca-scenario gets the vendor\'s own error', () => {
  it('Regfish: the JSON envelope, 400, with the names in the message', async () => {
    const res = await api.regfish.get('/tls/products', { 'x-mockca-scenario': 'no-such-scenario' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.body.success).toBe(false);
    expect(res.body.message).toMatch(/^x-mockca-scenario: unknown scenario 'no-such-scenario' \(available: .*hang.*total-outage/);
    expect(res.body.error).toBe(res.body.message);
    // The header carries the same text, clipped to its bound (500 characters, see refusalReason).
    const header = res.headers.get('x-mockca-reason') ?? '';
    expect(header.length).toBeGreaterThan(0);
    expect(res.body.message.startsWith(header.slice(0, 480))).toBe(true);
  });

  it('DigiCert: {"errors":[{code, message}]}, 400', async () => {
    const res = await digicert.get('/order/certificate', { 'x-mockca-scenario': 'no-such-scenario' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ code: 'invalid_param', message: expect.stringMatching(/^x-mockca-scenario: unknown scenario 'no-such-scenario' \(available: .*digicert-rate-limited/) }] });
  });

  it('Sectigo: errorCode/errorMessage in the request\'s responseFormat', async () => {
    const encoded = await sectigo({ responseFormat: '1' }, { 'x-mockca-scenario': 'no-such-scenario' });
    expect(encoded.status).toBe(200);
    const fields = new URLSearchParams(encoded.text);
    expect(fields.get('errorCode')).toBe('-4');
    expect(fields.get('errorMessage')).toMatch(/^x-mockca-scenario: unknown scenario 'no-such-scenario' \(available: .*sectigo-too-many-requests/);
    expect(fields.get('errorItem')).toBe('x-mockca-scenario');
    const text = await sectigo({ responseFormat: '0' }, { 'x-mockca-scenario': 'no-such-scenario' });
    expect(text.type).toContain('text/plain');
    const [code, message] = text.text.split('\n');
    expect(code).toBe('-4');
    expect(message).toMatch(/^x-mockca-scenario: unknown scenario 'no-such-scenario'/);
  });

  it('the journal records the refusal with its reason', async () => {
    await api.regfish.get('/tls/products', { 'x-mockca-scenario': 'no-such-scenario' });
    await digicert.get('/order/certificate', { 'x-mockca-scenario': 'no-such-scenario' });
    const [regfish] = mock.journal.find({ vendor: 'regfish' });
    expect(regfish).toMatchObject({ status: 400, operation: 'regfish.products.list', error: 'regfish:HTTP 400' });
    expect(mock.journal.find({ vendor: 'digicert' })[0]).toMatchObject({ status: 400, error: 'digicert:invalid_param' });
    const entry = regfish;
    expect(entry.reason).toContain("unknown scenario 'no-such-scenario'");
  });
});

describe('a scenario folder of the operator\'s own', () => {
  let dir: string;
  let outside: string;
  let other: MockCaHandle;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mockca-hard-'));
    outside = mkdtempSync(join(tmpdir(), 'mockca-outside-'));
    writeFileSync(join(dir, 'teapot.json'), JSON.stringify({ description: 'teapots', rules: [{ match: { vendor: 'regfish' }, respond: { status: 418 } }] }));
    writeFileSync(join(dir, 'broken.yaml'), 'rules:\n  - match: { vendor: regfish\n    respond: [\n: : :\n');
    writeFileSync(join(outside, 'elsewhere.json'), JSON.stringify({ rules: [{ match: { vendor: 'regfish' }, respond: { status: 451 } }] }));
    symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
    writeFileSync(join(dir, 'secret.json'), 'password=hunter2 and more');
    other = await startMockCa({ scenarioDir: dir });
  });
  afterAll(() => other.close());

  const ask = (value: string) => httpClient(other.urls.regfish, { 'x-api-key': demoKey }).get('/tls/products', { 'x-mockca-scenario': value });

  it('a file outside the folder is unknown, even when it is a valid scenario', async () => {
    const res = await ask(`../${basename(outside)}/elsewhere`);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/unknown scenario '.*' \(available: broken, secret, teapot, zero\)/);
    const load = await httpClient(other.urls.control).post('/api/scenarios/load', { name: join(outside, 'elsewhere.json') });
    expect(load.status).toBe(404);
  });

  it('a file that does not parse is refused with one line in the vendor shape, not an empty 500', async () => {
    const res = await ask('broken');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^x-mockca-scenario: mockca-hard-\w+\/broken\.yaml: cannot be read: /);
    expect(res.body.message).not.toContain('\n');
    expect(res.headers.get('x-mockca-reason')).not.toContain('\n');
    const load = await httpClient(other.urls.control).post('/api/scenarios/load', { name: 'broken' });
    expect(load.status).toBe(400);
    expect(load.body.error.code).toBe('invalid_scenario');
  });

  it('a JSON file that does not parse is refused without quoting what it holds', async () => {
    const res = await ask('secret');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/secret\.json: cannot be read: Unexpected token 'p' \(not valid JSON\)$/);
    expect(res.text).not.toContain('hunter2');
  });

  it('a scenario name that is a link to a device is not read', async () => {
    const res = await ask('zero');
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('zero.yaml: cannot be read: not a regular file');
  });

  it('the folder file still works', async () => {
    expect((await ask('teapot')).status).toBe(418);
  });

  it('the operator may still give a path in code or on the command line', async () => {
    const loaded = other.scenarios.load(join(outside, 'elsewhere.json'));
    expect(loaded.name).toBe('elsewhere');
    expect((await httpClient(other.urls.regfish, { 'x-api-key': demoKey }).get('/tls/products')).status).toBe(451);
    other.scenarios.clear();
    await expect(startMockCa({ scenarios: ['/dev/zero'] })).rejects.toThrow('/dev/zero: cannot be read: not a regular file');
    // The operator is told where mockca looked (a request never is).
    await expect(startMockCa({ scenarios: ['no-such-scenario'] })).rejects.toThrow(/unknown scenario 'no-such-scenario' \(available: [a-z0-9-]+(, [a-z0-9-]+)*\) in /);
    await expect(startMockCa({ scenarios: ['no-such-scenario'] })).rejects.toThrow(` in ${join(packageRoot, 'scenarios')}`);
    const started = await startMockCa({ scenarios: [join(outside, 'elsewhere.json')] });
    try {
      expect((await httpClient(started.urls.regfish, { 'x-api-key': demoKey }).get('/tls/products')).status).toBe(451);
    } finally {
      await started.close();
    }
  });
});

describe('user patterns run on a linear-time engine (issue 10, finding 8)', () => {
  // With a backtracking engine each of these takes longer than the test timeout (^(a+)+$ doubles per character).
  const evil = `${'a'.repeat(48)}!`;

  it('a body matcher ^(a+)+$ against a near miss answers at once; the emulator handles the request', async () => {
    mock.scenarios.add({ rules: [{ match: { vendor: 'regfish', body: { name: { matches: '^(a+)+$' } } }, respond: { status: 418 } }] });
    const miss = await api.regfish.post('/tls/organization', { name: evil });
    expect(miss.status).not.toBe(418);
    expect((await api.regfish.post('/tls/organization', { name: 'aaaa' })).status).toBe(418);
  });

  it('a path regex and a glob with many ** cannot backtrack either', async () => {
    mock.scenarios.add({ rules: [{ match: { vendor: 'regfish', path: '/^\\/(a+)+$/' }, respond: { status: 418 } }] });
    mock.scenarios.add({ rules: [{ match: { vendor: 'regfish', path: '/**a**a**a**a**a**a**a**a**a**b' }, respond: { status: 451 } }] });
    expect((await api.regfish.get(`/${evil}`)).status).toBe(404);
    expect((await api.regfish.get(`/${'a'.repeat(3000)}`)).status).toBe(418);
    expect((await api.regfish.get(`/${'a'.repeat(3000)}c`)).status).toBe(404);
    expect((await api.regfish.get('/xaaaaaaaaab')).status).toBe(451);
  });

  it('flags still work: /…/i', async () => {
    mock.scenarios.add({ rules: [{ match: { vendor: 'regfish', path: '/^\\/TLS\\/PRODUCTS$/i' }, respond: { status: 418 } }] });
    expect((await api.regfish.get('/tls/products')).status).toBe(418);
  });

  it('journal filters: ^(a+)+$ in a path filter and in a body predicate answer at once', async () => {
    await api.regfish.get(`/${evil}`);
    await api.regfish.post('/tls/organization', { name: evil });
    const listed = await api.control.get(`/api/journal?path=${encodeURIComponent('/^\\/(a+)+$/')}`);
    expect(listed.status).toBe(200);
    expect(listed.body.count).toBe(0);
    const found = await api.control.post('/api/journal/find', { body: { name: { matches: '^(a+)+$' } } });
    expect(found.status).toBe(200);
    expect(found.body.count).toBe(0);
    const near = await api.control.post('/api/journal/find', { body: { name: { matches: '^(a+)+!$' } } });
    expect(near.body.count).toBe(1);
  });

  it('an invalid journal filter regex is a 400 invalid_pattern, not a 500', async () => {
    const query = await api.control.get(`/api/journal?path=${encodeURIComponent('/(a/')}`);
    expect(query.status).toBe(400);
    expect(query.body.error).toMatchObject({ code: 'invalid_pattern', message: expect.stringMatching(/^path: invalid regular expression \/\(a\/: missing closing \)/) });
    const find = await api.control.post('/api/journal/find', { body: { name: { matches: '((' } } });
    expect(find.status).toBe(400);
    expect(find.body.error).toMatchObject({ code: 'invalid_pattern', message: expect.stringMatching(/^body\.name: invalid regular expression/) });
    const count = await api.control.get(`/api/journal/count?path=${encodeURIComponent(`/${'(a)'.repeat(400)}/`)}`);
    expect(count.status).toBe(400);
    expect(count.body.error.message).toBe('path: the path pattern is longer than 1000 characters');
  });

  it('a scenario pattern the engine cannot run (backreference, lookahead) is refused naming the rule and field', async () => {
    const res = await api.control.post('/api/scenarios', { rules: [{ match: { vendor: 'regfish', body: { name: { matches: '(a)\\1' } } }, respond: { status: 418 } }] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^POST \/api\/scenarios: rule 1, field match\.body\.name\.matches: invalid regular expression .*invalid escape sequence/);
    const look = await api.control.post('/api/scenarios', { rules: [{ match: { vendor: 'regfish', path: '/^(?=x)/' }, respond: { status: 418 } }] });
    expect(look.status).toBe(400);
    expect(look.body.error.message).toMatch(/rule 1, field match\.path: invalid regular expression/);
  });
});

describe('the x-mockca-scenario compile cache is bounded and emptied by reset (issue 10, finding 11)', () => {
  let dir: string;
  let many: MockCaHandle;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mockca-many-'));
    for (let i = 0; i < 40; i++) writeFileSync(join(dir, `s${i}.json`), JSON.stringify({ rules: [{ match: { operation: 'regfish.organization.list' }, respond: { status: 418 }, times: 1 }] }));
    many = await startMockCa({ scenarioDir: dir });
  });
  afterAll(() => many.close());

  const ask = (value: string) => httpClient(many.urls.regfish, { 'x-api-key': demoKey }).get('/tls/organization', { 'x-mockca-scenario': value });

  it('keeps at most the 32 most recently used header scenarios compiled', async () => {
    for (let i = 0; i < 40; i++) expect((await ask(`s${i}`)).status).toBe(418);
    const selected = many.scenarios.list().selected_by_header;
    expect(selected).toHaveLength(32);
    expect(selected.map((s) => s.name)).toEqual(Array.from({ length: 32 }, (_, i) => `s${i + 8}`));
  });

  it('distinct spellings of one file share one entry and its counters; unknown spellings add nothing', async () => {
    await many.reset();
    expect((await ask('s1')).status).toBe(418);
    expect((await ask('s1.json')).status).toBe(200);
    for (let i = 0; i < 200; i++) expect((await ask(`no-such-${i}`)).status).toBe(400);
    expect(many.scenarios.list().selected_by_header.map((s) => s.name)).toEqual(['s1']);
  });

  it('reset empties it, so once-rules selected by header answer again', async () => {
    await ask('s2');
    expect(many.scenarios.list().selected_by_header.length).toBeGreaterThan(0);
    await many.reset();
    expect(many.scenarios.list().selected_by_header).toEqual([]);
    expect((await ask('s2')).status).toBe(418);
  });

  it('a vendor reset drops only what touches that vendor', async () => {
    await many.reset();
    await ask('s3');
    await httpClient(many.urls.control).post('/api/reset', { vendor: 'digicert' });
    expect(many.scenarios.list().selected_by_header.map((s) => s.name)).toEqual(['s3']);
    await httpClient(many.urls.control).post('/api/reset', { vendor: 'regfish' });
    expect(many.scenarios.list().selected_by_header).toEqual([]);
  });

  it('one header may name at most 8 scenarios', async () => {
    const res = await ask(Array.from({ length: 9 }, (_, i) => `s${i}`).join(','));
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('x-mockca-scenario: names 9 scenarios; at most 8 per request');
    expect((await ask('s1, s1, s1, s1, s1, s1, s1, s1, s1, s1')).status).toBe(418);
  });
});

describe('deeply nested scenarios are refused with a 400 (issue 10, finding 13c)', () => {
  const deepJson = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
  let dir: string;
  let deep: MockCaHandle;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mockca-deep-'));
    writeFileSync(join(dir, 'deep-json.json'), `{"rules":[{"match":{"vendor":"regfish"},"respond":{"status":418,"body":${deepJson(20_000)}}}]}`);
    writeFileSync(join(dir, 'deep-yaml.yaml'), `rules:\n  - match: { vendor: regfish }\n    respond: { status: 418, body: ${'['.repeat(20_000)}${']'.repeat(20_000)} }\n`);
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)];
    writeFileSync(join(dir, 'laughs.yaml'), `${laughs.join('\n')}\nrules:\n  - match: { vendor: regfish }\n    respond: { status: 418, body: *h }\n`);
    writeFileSync(join(dir, 'shared.yaml'), 'rules:\n  - &rule { match: { vendor: regfish }, respond: { status: 418 }, times: 1 }\n  - *rule\n');
    deep = await startMockCa({ scenarioDir: dir });
  });
  afterAll(() => deep.close());

  const ask = (value: string) => httpClient(deep.urls.regfish, { 'x-api-key': demoKey }).get('/tls/products', { 'x-mockca-scenario': value });

  it('POST /api/scenarios with a body nested 20,000 levels deep: 400 naming the rule and field', async () => {
    const body = `{"rules":[{"match":{"vendor":"regfish"},"respond":{"status":418,"body":${deepJson(20_000)}}}]}`;
    const res = await api.control.request('POST', '/api/scenarios', body, { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 'invalid_scenario', message: 'POST /api/scenarios: rule 1, field respond.body: nested deeper than 64 levels' });
    const matcher = `{"rules":[{"match":{"body":{"x":${deepJson(20_000)}}},"respond":{"status":418}}]}`;
    expect((await api.control.request('POST', '/api/scenarios', matcher, { 'content-type': 'application/json' })).status).toBe(400);
    expect((await api.regfish.get('/tls/products')).status).toBe(200);
  });

  it('a body of ordinary depth is still accepted', async () => {
    const res = await api.control.post('/api/scenarios', { rules: [{ match: { vendor: 'regfish' }, respond: { status: 418, body: JSON.parse(deepJson(40)) } }] });
    expect(res.status).toBe(201);
    expect((await api.regfish.get('/tls/products')).status).toBe(418);
  });

  it('a folder file nested 20,000 levels deep (JSON or YAML) is refused in the vendor shape; the server goes on', async () => {
    const json = await ask('deep-json');
    expect(json.status).toBe(400);
    expect(json.body.message).toMatch(/deep-json\.json: rule 1, field respond\.body: nested deeper than 64 levels$/);
    const yaml = await ask('deep-yaml');
    expect(yaml.status).toBe(400);
    expect(yaml.body.message).toMatch(/deep-yaml\.yaml: cannot be read: nested deeper than 64 levels$/);
    expect((await httpClient(deep.urls.regfish, { 'x-api-key': demoKey }).get('/tls/products')).status).toBe(200);
  });

  it('YAML aliases cannot expand into a billion laughs; a few shared ones still work', async () => {
    const res = await ask('laughs');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/laughs\.yaml: cannot be read: .*alias/i);
    expect((await ask('shared')).status).toBe(418);
  });

  it('the programmatic API refuses a cycle instead of overflowing the stack', () => {
    const body: Record<string, unknown> = {};
    body.self = body;
    expect(() => mock.scenarios.add({ rules: [{ match: { vendor: 'regfish' }, respond: { status: 418, body } }] })).toThrow('scenario: rule 1, field respond.body: nested deeper than 64 levels');
  });
});

describe('the same class of bug elsewhere in the scenario engine', () => {
  const refusal = async (rule: Record<string, unknown>) => {
    const res = await api.control.post('/api/scenarios', { rules: [{ match: { vendor: 'regfish' }, ...rule }] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_scenario');
    return res.body.error.message as string;
  };

  it('a raw answer with a header value or name HTTP cannot carry is refused at load time, not an empty 500 per request', async () => {
    expect(await refusal({ respond: { status: 200, headers: { 'x-bad': 'a\nb' } } })).toMatch(/^POST \/api\/scenarios: rule 1, field respond\.headers\.x-bad: not a valid HTTP header value/);
    expect(await refusal({ respond: { status: 200, headers: { 'x-bad': 'euro €' } } })).toMatch(/field respond\.headers\.x-bad: not a valid HTTP header value/);
    expect(await refusal({ respond: { status: 200, headers: { 'bad name': 'x' } } })).toMatch(/field respond\.headers\.bad name: not a valid HTTP header name/);
    expect((await api.regfish.get('/tls/products')).status).toBe(200);
  });

  it('a 1xx raw status (which breaks the connection) is refused at load time', async () => {
    expect(await refusal({ respond: { status: 150 } })).toMatch(/^POST \/api\/scenarios: rule 1, field respond\.status: /);
    const res = await api.control.post('/api/scenarios', { rules: [{ match: { vendor: 'regfish' }, respond: { status: 200, headers: { 'x-fine': 'tab\tand latin-1 é' } } }] });
    expect(res.status).toBe(201);
    expect((await api.regfish.get('/tls/products')).headers.get('x-fine')).toBe('tab\tand latin-1 é');
  });

  it('an operation name of 200,000 characters is refused by its length (no edit distance over it)', async () => {
    expect(await refusal({ match: { operation: `regfish.${'x'.repeat(200_000)}` }, respond: { status: 418 } })).toMatch(/^POST \/api\/scenarios: rule 1, field match\.operation: /);
  });

  it('at most 1000 rules per scenario and 10,000 loaded at once', async () => {
    const rules = (n: number) => Array.from({ length: n }, (_, i) => ({ match: { operation: 'regfish.certificate.get', account: `nobody-${i}` }, respond: { status: 418 } }));
    expect((await api.control.post('/api/scenarios', { rules: rules(1001) })).body.error.message).toMatch(/^POST \/api\/scenarios: field rules: /);
    for (let i = 0; i < 10; i++) mock.scenarios.add({ rules: rules(1000) });
    const res = await api.control.post('/api/scenarios', { rules: rules(1) });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('POST /api/scenarios: 10000 rules are loaded and at most 10000 may be; remove scenarios first (DELETE /api/scenarios)');
    await api.control.delete('/api/scenarios');
    expect((await api.control.post('/api/scenarios', { rules: rules(1) })).status).toBe(201);
  });
});

describe('deeply nested request bodies against body matchers', () => {
  const deepField = `{"name":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;

  it('a vendor request whose matched field is nested 20,000 levels deep is not matched, and not a 500', async () => {
    mock.scenarios.add({ rules: [{ match: { vendor: 'regfish', body: { name: { contains: 'x' } } }, respond: { status: 418 } }] });
    const res = await api.regfish.request('POST', '/tls/organization', deepField, { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body.success).toBe(false);
  });

  it('a journal find with a body predicate over such an entry answers 200', async () => {
    await api.regfish.request('POST', '/tls/organization', deepField, { 'content-type': 'application/json' });
    const found = await api.control.post('/api/journal/find', { body: { name: { contains: '[' } } });
    expect(found.status).toBe(200);
    expect(found.body.count).toBe(0);
  });
});

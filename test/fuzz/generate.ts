import type { Rng } from '../../src/state/rng.js';
import type { Api, FuzzOperation } from './operations.js';

type JsonSchema = Record<string, unknown>;

/** A request ready to send, and what was done to it (printed when it fails). */
export interface FuzzRequest {
  api: Api;
  operation: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  mutations: string[];
}

/** Values the generator knows are real: credentials, a CSR, ids harvested from earlier answers. */
export interface FuzzKnowledge {
  csr: string;
  /** Ids seen in answers, by the key they came under (`id`, `order_id`, `certificate_id`, …). */
  ids: Map<string, string[]>;
}

const auth: Record<Exclude<Api, 'control' | 'sectigo'>, { header: string; good: string[] }> = {
  regfish: { header: 'x-api-key', good: ['regfish-demo-key', 'regfish-other-key'] },
  digicert: { header: 'x-dc-devkey', good: ['digicert-demo-key', 'digicert-other-key', 'digicert-readonly-key'] },
};
const sectigoLogins = [
  ['sectigo-demo', 'sectigo-demo-password'],
  ['sectigo-other', 'sectigo-other-password'],
  ['login_name', 'login_password'],
] as const;

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];
const contentTypes = [
  'text/plain',
  'application/xml',
  'multipart/form-data',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  'application/x-www-form-urlencoded; charset=ISO-8859-1',
  'application/octet-stream',
  ';;;',
  'application/json, application/json',
  'image/png',
];

export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(0, xs.length - 1)];
const chance = (rng: Rng, p: number) => rng.next() < p;

/** Strings that have broken parsers before: long, empty, encodings, numbers that overflow, paths. */
function nastyString(rng: Rng): string {
  switch (rng.int(0, 17)) {
    case 0:
      return '';
    case 1:
      return 'x'.repeat(rng.int(256, 20_000));
    case 2:
      return '../../../etc/passwd';
    case 3:
      return '%00%ZZ%';
    case 4:
      return '99999999999999999999999999';
    case 5:
      return '-1';
    case 6:
      return '0x1F';
    case 7:
      return '1e308';
    case 8:
      return 'NaN';
    case 9:
      return '😀\u202eÄ\u0000\u0007';
    case 10:
      return '\ud800';
    case 11:
      return '<script>alert(1)</script>';
    case 12:
      return "' OR 1=1 --";
    case 13:
      return '__proto__';
    case 14:
      return 'constructor';
    case 15:
      return '(a+)+$'.repeat(rng.int(1, 20));
    case 16:
      return ' \t\r\n ';
    default:
      return rng.string('abcdefghijklmnopqrstuvwxyz0123456789-_.', rng.int(1, 40));
  }
}

function nastyValue(rng: Rng, depth = 0): unknown {
  switch (rng.int(0, 9)) {
    case 0:
      return null;
    case 1:
      return pick(rng, [0, -1, 1.5, 2 ** 53 + 1, -(2 ** 63), 1e308, Number.MAX_SAFE_INTEGER]);
    case 2:
      return pick(rng, [true, false]);
    case 3:
      return depth > 3 ? [] : Array.from({ length: rng.int(0, 3) }, () => nastyValue(rng, depth + 1));
    case 4:
      return depth > 3 ? {} : { [nastyString(rng).slice(0, 30)]: nastyValue(rng, depth + 1) };
    case 5:
      return Array.from({ length: rng.int(100, 2000) }, () => 'a.example.com');
    default:
      return nastyString(rng);
  }
}

function knownId(rng: Rng, k: FuzzKnowledge, name: string): string | undefined {
  const pools = [k.ids.get(name), k.ids.get(name.replace(/Id$|_id$/, '')), k.ids.get('id')].filter((p): p is string[] => !!p && p.length > 0);
  return pools.length ? pick(rng, pick(rng, pools)) : undefined;
}

/** A value of a field: plausible by its name and schema, sometimes known, sometimes hostile. */
function valueFor(rng: Rng, k: FuzzKnowledge, name: string, schema: JsonSchema, depth: number): unknown {
  const lname = name.toLowerCase();
  if (lname === 'csr') return chance(rng, 0.8) ? k.csr : nastyString(rng);
  if (/common_?name|domain|dns_?names?|^name$/.test(lname) && schema.type !== 'array') return `fuzz${rng.int(0, 999)}.example.com`;
  if (/email/.test(lname) && schema.type !== 'array') return `admin@fuzz${rng.int(0, 99)}.example.com`;
  if (/(^|_)id$|number$|^id$|Id$/.test(name)) {
    const id = knownId(rng, k, name);
    if (id !== undefined && chance(rng, 0.7)) return schema.type === 'integer' || schema.type === 'number' ? Number(id) || id : id;
  }
  return fromSchema(rng, k, schema, depth);
}

/** A value that satisfies (most of) a JSON schema. */
export function fromSchema(rng: Rng, k: FuzzKnowledge, schema: JsonSchema, depth = 0): unknown {
  if (depth > 6) return null;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length) return pick(rng, schema.enum);
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (union?.length) return fromSchema(rng, k, pick(rng, union), depth + 1);
  if (Array.isArray(schema.allOf) && schema.allOf.length) return fromSchema(rng, k, schema.allOf[0] as JsonSchema, depth + 1);
  const type = Array.isArray(schema.type) ? pick(rng, schema.type as string[]) : (schema.type as string | undefined);
  switch (type) {
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((schema.required ?? []) as string[]);
      const out: Record<string, unknown> = {};
      for (const [name, sub] of Object.entries(props)) if (required.has(name) || chance(rng, 0.5)) out[name] = valueFor(rng, k, name, sub, depth + 1);
      return out;
    }
    case 'array': {
      const items = (schema.items ?? {}) as JsonSchema;
      const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
      return Array.from({ length: Math.max(min, rng.int(min, min + 2)) }, () => fromSchema(rng, k, items, depth + 1));
    }
    case 'integer':
    case 'number': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : 0;
      const max = typeof schema.maximum === 'number' ? schema.maximum : min + 1000;
      return type === 'integer' ? rng.int(Math.ceil(min), Math.floor(Math.min(max, min + 1e6))) : min + rng.next() * Math.min(max - min, 1e6);
    }
    case 'boolean':
      return chance(rng, 0.5);
    case 'string': {
      if (schema.format === 'date-time') return new Date(Date.UTC(2026, 0, 1) + rng.int(0, 1e10)).toISOString();
      const min = typeof schema.minLength === 'number' ? schema.minLength : 1;
      return rng.string('abcdefghijklmnopqrstuvwxyz', Math.max(min, rng.int(min, min + 10)));
    }
    default:
      return rng.string('abc', 3);
  }
}

/** Replaces, removes or adds one field somewhere in a value. */
function mutateValue(rng: Rng, value: unknown, note: string[], depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 4 || chance(rng, 0.2)) {
    const v = nastyValue(rng);
    note.push(`value→${JSON.stringify(v)?.slice(0, 60)}`);
    return v;
  }
  if (Array.isArray(value)) {
    if (value.length === 0 || chance(rng, 0.3)) return [...value, nastyValue(rng)];
    const i = rng.int(0, value.length - 1);
    return value.map((v, j) => (j === i ? mutateValue(rng, v, note, depth + 1) : v));
  }
  const obj = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(obj);
  const r = rng.next();
  if (keys.length && r < 0.3) {
    const key = pick(rng, keys);
    delete obj[key];
    note.push(`drop ${key}`);
  } else if (keys.length && r < 0.8) {
    const key = pick(rng, keys);
    note.push(`at ${key}:`);
    obj[key] = mutateValue(rng, obj[key], note, depth + 1);
  } else {
    const key = chance(rng, 0.5) ? nastyString(rng).slice(0, 40) : pick(rng, ['__proto__', 'constructor', 'extra', '']);
    obj[key] = nastyValue(rng);
    note.push(`add ${JSON.stringify(key)}`);
  }
  return obj;
}

function formEncode(value: unknown): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return String(value);
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) q.append(k, typeof v === 'string' ? v : JSON.stringify(v) ?? '');
  return q.toString();
}

/** encodeURIComponent that takes lone surrogates too (as U+FFFD, what a client would send). */
const enc = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udfff]/gu, '\ufffd'));

function fillPath(rng: Rng, k: FuzzKnowledge, op: FuzzOperation, note: string[]): string {
  return op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => enc(valueOfPathParam(rng, k, name, note)).replace(/%2F/g, (m) => (chance(rng, 0.05) ? '/' : m)));
}

function valueOfPathParam(rng: Rng, k: FuzzKnowledge, name: string, note: string[]): string {
  {
    const known = knownId(rng, k, name);
    if (known !== undefined && chance(rng, 0.6)) return known;
    if (name === 'format' || name === 'platform') return pick(rng, ['pem', 'zip', 'p7b', 'der', 'crt', 'apache', 'nginx', nastyString(rng)]);
    if (name === 'document') return pick(rng, ['regfish.json', 'digicert.json', 'sectigo.json', 'control.json', nastyString(rng)]);
    if (name === 'vendor') return pick(rng, ['regfish', 'digicert', 'sectigo', nastyString(rng)]);
    if (name === 'action') return pick(rng, ['approve-dcv', 'issue', 'reject', 'expire', 'revoke', nastyString(rng)]);
    const raw = nastyString(rng).slice(0, chance(rng, 0.1) ? 5000 : 64);
    note.push(`path ${name}=${JSON.stringify(raw.slice(0, 40))}`);
    return raw;
  }
}

function fillQuery(rng: Rng, k: FuzzKnowledge, op: FuzzOperation, note: string[]): string {
  const q: string[] = [];
  for (const p of op.query) {
    if (!chance(rng, 0.4)) continue;
    const hostile = chance(rng, 0.4);
    const v = hostile ? nastyString(rng).slice(0, 300) : String(fromSchema(rng, k, p.schema));
    if (hostile) note.push(`query ${p.name}=${JSON.stringify(v.slice(0, 40))}`);
    q.push(`${enc(p.name)}=${enc(v)}`);
  }
  if (op.api === 'sectigo' && chance(rng, 0.3)) q.push(`responseFormat=${pick(rng, ['0', '1', '2', '3', '-1', 'x'])}`);
  if (op.api === 'digicert' && chance(rng, 0.2)) q.push(pick(rng, ['limit=1', 'offset=5', 'limit=-1', 'limit=99999999', 'filters[status]=issued', 'filters[bogus]=1', 'sort=-date_created', 'sort=bogus']));
  if (chance(rng, 0.1)) {
    const junk = pick(rng, ['a=1&a=2', '%ZZ=1', 'x=%E0%A4%A', '&&&', '=', `limit=${'9'.repeat(40)}`]);
    note.push(`query ${junk}`);
    q.push(junk);
  }
  return q.length ? `?${q.join('&')}` : '';
}

function authHeaders(rng: Rng, api: Api, note: string[]): Record<string, string> {
  if (api === 'control' || api === 'sectigo') return {};
  const { header, good } = auth[api];
  const r = rng.next();
  if (r < 0.8) return { [header]: pick(rng, good) };
  if (r < 0.87) return (note.push('no auth'), {});
  const bad = pick(rng, ['wrong', '', ' ', 'x'.repeat(9000), 'ÿþ\u00ff\u00e9', `${good[0]} `, `${good[0]}\t`]);
  note.push(`auth ${JSON.stringify(bad.slice(0, 20))}`);
  return { [header]: bad };
}

function sectigoCredentials(rng: Rng, body: Record<string, unknown>, note: string[]): void {
  const r = rng.next();
  const [login, password] = pick(rng, sectigoLogins);
  if (r < 0.8) Object.assign(body, { loginName: login, loginPassword: password });
  else if (r < 0.9) (note.push('wrong password'), Object.assign(body, { loginName: login, loginPassword: 'nope' }));
  else note.push('no credentials');
}

/** One request to `op`: mostly well-formed, with one or two seeded mutations. */
export function generateRequest(rng: Rng, k: FuzzKnowledge, op: FuzzOperation): FuzzRequest {
  const mutations: string[] = [];
  const headers: Record<string, string> = { ...authHeaders(rng, op.api, mutations) };
  let method = op.method;
  if (chance(rng, 0.08)) {
    method = pick(rng, methods);
    mutations.push(`method ${method}`);
  }
  const path = fillPath(rng, k, op, mutations) + fillQuery(rng, k, op, mutations);

  let body: Buffer | undefined;
  const form = op.body?.type === 'application/x-www-form-urlencoded';
  if (op.body || chance(rng, 0.1)) {
    let value = op.body ? fromSchema(rng, k, op.body.schema) : {};
    if (form && value && typeof value === 'object') sectigoCredentials(rng, value as Record<string, unknown>, mutations);
    if (chance(rng, 0.6)) value = mutateValue(rng, value, mutations);
    let text = form ? formEncode(value) : JSON.stringify(value) ?? 'null';
    const r = rng.next();
    if (r < 0.05) (mutations.push('body truncated'), (text = text.slice(0, rng.int(0, text.length))));
    else if (r < 0.08) (mutations.push('body not JSON'), (text = pick(rng, ['{', '{"a":', '[1,2', 'nul', '\u0000\u0001', '{"a":1}{"b":2}', '"\\ud800"', '{"a":"\\u00"}'])));
    else if (r < 0.1) (mutations.push('body deep'), (text = '['.repeat(5000) + ']'.repeat(5000)));
    else if (r < 0.11) (mutations.push('body 2 MiB'), (text = `{"a":"${'x'.repeat(2 * 1024 * 1024)}"}`));
    body = Buffer.from(text, 'utf8');
    if (chance(rng, 0.03)) (mutations.push('body binary'), (body = Buffer.from(Array.from({ length: rng.int(1, 300) }, () => rng.int(0, 255)))));
    let type = op.body?.type ?? 'application/json';
    const t = rng.next();
    if (t < 0.06) (mutations.push('no content-type'), (type = ''));
    else if (t < 0.14) (type = pick(rng, contentTypes)), mutations.push(`content-type ${type}`);
    if (type) headers['content-type'] = type;
  }
  if (chance(rng, 0.05)) {
    const [name, value] = pick(rng, [
      ['accept', pick(rng, ['text/csv', 'application/xml', '*/*;q=0', 'ÿ'])],
      ['x-mockca-scenario', pick(rng, ['no-such-scenario', '../../etc/passwd', 'x'.repeat(3000), 'é\u00ff', '%2e%2e'])],
      ['x-forwarded-for', '1.2.3.4'],
      ['accept-encoding', 'gzip, br, zstd'],
      ['x-custom', '\u00e9'.repeat(5000)],
      ['origin', 'http://evil.example'],
      ['sec-fetch-site', 'cross-site'],
    ] as const);
    headers[name] = value;
    mutations.push(`header ${name}: ${JSON.stringify(value.slice(0, 30))}`);
  }
  return { api: op.api, operation: op.id, method, path, headers, body, mutations };
}

import type { Vendor } from '../state/model.js';
import { bodyField, type RequestView } from './request-view.js';
import type { MatchSpec, Predicate } from './schema.js';
import { compileUserPattern, maxPatternLength, PatternError, type UserPattern } from './user-pattern.js';

/** One condition on a request; `sync` ones are checked first and cost no await. */
export interface Matcher {
  readonly sync: boolean;
  matches(req: RequestView): boolean | Promise<boolean>;
  explain(): string;
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function describeValues(values: readonly unknown[]): string {
  return values.length === 1 ? String(values[0]) : `one of ${values.map(String).join(', ')}`;
}

class VendorMatcher implements Matcher {
  readonly sync = true;
  constructor(readonly vendor: Vendor) {}
  matches(req: RequestView) {
    return req.vendor === this.vendor;
  }
  explain() {
    return `any ${this.vendor} request`;
  }
}

class OperationMatcher implements Matcher {
  readonly sync = true;
  constructor(readonly operations: string[]) {}
  matches(req: RequestView) {
    return req.operation !== undefined && this.operations.includes(req.operation);
  }
  explain() {
    return this.operations.join(' | ');
  }
}

class MethodMatcher implements Matcher {
  readonly sync = true;
  constructor(readonly methods: string[]) {}
  matches(req: RequestView) {
    return this.methods.includes(req.method);
  }
  explain() {
    return this.methods.join('|');
  }
}

/**
 * `*` is one path segment, `**` anything; `/…/` is a regular expression. Both run on the linear-time
 * engine: a glob like `**a**a**a**b` is a backtracking trap for a JavaScript RegExp.
 */
export function pathPattern(pattern: string): UserPattern {
  if (pattern.length > maxPatternLength) throw new PatternError(`the path pattern is longer than ${maxPatternLength} characters`);
  const regex = /^\/(.+)\/([a-z]*)$/.exec(pattern);
  if (regex && (regex[1].includes('\\') || /[()[\]^$|+?]/.test(regex[1]))) return compileUserPattern(regex[1], regex[2]);
  const escaped = pattern
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return compileUserPattern(`^${escaped}/?$`, 'i', 4 * maxPatternLength);
}

class PathMatcher implements Matcher {
  readonly sync = true;
  private readonly regex: UserPattern;
  constructor(readonly pattern: string) {
    this.regex = pathPattern(pattern);
  }
  matches(req: RequestView) {
    return this.regex.test(req.path);
  }
  explain() {
    return `path ${this.pattern}`;
  }
}

class IdMatcher implements Matcher {
  readonly sync = false;
  constructor(readonly ids: string[]) {}
  async matches(req: RequestView) {
    const ids = await req.ids();
    return ids.some((id) => this.ids.includes(id));
  }
  explain() {
    return `id ${describeValues(this.ids)}`;
  }
}

export class AccountMatcher implements Matcher {
  readonly sync = false;
  constructor(readonly accounts: string[]) {}
  matches(req: RequestView): boolean | Promise<boolean> {
    const account = req.account;
    // Once auth ran, the caller is known and the answer is immediate.
    if (account) return this.accounts.includes(account.name) || (account.apiKey !== null && this.accounts.includes(account.apiKey)) || (account.login !== null && this.accounts.includes(account.login));
    return req.credential().then((presented) => presented !== undefined && this.accounts.includes(presented));
  }
  explain() {
    return `account ${describeValues(this.accounts)}`;
  }
}

/** An object field as JSON; undefined when it is nested too deeply to write (a request can send 20,000 levels). */
function jsonText(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/** Compiles a predicate into a test on a field value (undefined = absent). */
export function compilePredicate(p: Predicate): { test(value: unknown): boolean; explain(): string } {
  if (typeof p !== 'object') return { test: (v) => v !== undefined && v !== null && String(v) === String(p), explain: () => `= ${JSON.stringify(p)}` };
  const regex = p.matches !== undefined ? compileUserPattern(p.matches) : undefined;
  const parts: string[] = [];
  if (p.exists !== undefined) parts.push(p.exists ? 'present' : 'absent');
  if (p.equals !== undefined) parts.push(`= ${JSON.stringify(p.equals)}`);
  if (p.contains !== undefined) parts.push(`contains ${JSON.stringify(p.contains)}`);
  if (regex) parts.push(`matches ${regex}`);
  if (p.in) parts.push(`in [${p.in.map((x) => JSON.stringify(x)).join(', ')}]`);
  return {
    test(value) {
      const present = value !== undefined && value !== null;
      if (p.exists !== undefined && p.exists !== present) return false;
      if (!present) return p.exists === false && p.equals === undefined && p.contains === undefined && !regex && !p.in;
      const text = typeof value === 'object' ? jsonText(value) : String(value);
      if (text === undefined) return false;
      if (p.equals !== undefined && text !== String(p.equals)) return false;
      if (p.contains !== undefined && !text.includes(p.contains)) return false;
      if (regex && !regex.test(text)) return false;
      if (p.in && !p.in.some((x) => String(x) === text)) return false;
      return true;
    },
    explain: () => parts.join(' and ') || 'anything',
  };
}

class FieldsMatcher implements Matcher {
  private readonly tests: [string, ReturnType<typeof compilePredicate>][];
  constructor(
    readonly where: 'body' | 'query' | 'headers',
    fields: Record<string, Predicate>,
  ) {
    this.tests = Object.entries(fields).map(([k, p]) => [where === 'headers' ? k.toLowerCase() : k, compilePredicate(p)]);
  }
  get sync() {
    return this.where !== 'body';
  }
  matches(req: RequestView): boolean | Promise<boolean> {
    if (this.where === 'query') return this.tests.every(([k, t]) => t.test(req.query(k)));
    if (this.where === 'headers') return this.tests.every(([k, t]) => t.test(req.header(k)));
    return req.body().then((body) => this.tests.every(([k, t]) => t.test(bodyField(body, k))));
  }
  explain() {
    return this.tests.map(([k, t]) => `${this.where === 'headers' ? 'header' : this.where} ${k} ${t.explain()}`).join(', ');
  }
}

/** All matchers of one rule, cheap synchronous ones first. */
export function compileMatchers(m: MatchSpec, vendor: Vendor | undefined, account: string | undefined): Matcher[] {
  const out: Matcher[] = [];
  const operations = list(m.operation);
  if (vendor && operations.length === 0) out.push(new VendorMatcher(vendor));
  if (operations.length) out.push(new OperationMatcher(operations));
  if (m.method) out.push(new MethodMatcher(list(m.method).map((x) => x.toUpperCase())));
  if (m.path) out.push(new PathMatcher(m.path));
  if (m.query) out.push(new FieldsMatcher('query', m.query));
  if (m.headers) out.push(new FieldsMatcher('headers', m.headers));
  if (m.account) out.push(new AccountMatcher(list(m.account)));
  if (account) out.push(new AccountMatcher([account]));
  if (m.id !== undefined) out.push(new IdMatcher(list(m.id).map(String)));
  if (m.body) out.push(new FieldsMatcher('body', m.body));
  return out.sort((a, b) => Number(b.sync) - Number(a.sync));
}

export function explainMatchers(matchers: readonly Matcher[]): string {
  return matchers.length ? matchers.map((m) => m.explain()).join(', ') : 'any request';
}

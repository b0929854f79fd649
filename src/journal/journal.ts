import type { Vendor } from '../state/model.js';
import { entryOverheadBytes, headerChars, storedBody } from './stored-text.js';

/** One request a vendor emulator received, and what it answered. */
export interface JournalEntry {
  id: number;
  /** Wall-clock time the request arrived (ISO). */
  at: string;
  /** The emulator's virtual clock at that moment (ISO). */
  clock: string;
  vendor: Vendor;
  method: string;
  path: string;
  /** Query string without the `?` ('' when none). */
  query: string;
  /** Operation name of the route, or null when the request hit no route. */
  operation: string | null;
  /** False when the request hit no route of the vendor (the "unmatched" list). */
  matched: boolean;
  /** The calling account's API key or login (as presented), or null. */
  account: string | null;
  /** HTTP status sent, or null when a connection fault answered. */
  status: number | null;
  durationMs: number;
  /** Named vendor error of the answer (`regfish:reissueConflict`, `sectigo:-26`), if it was one. */
  error: string | null;
  /** The emulator's `x-mockca-reason` for a refused request. */
  reason: string | null;
  /** Which rule answered, in words; null when the emulator itself answered. */
  answeredBy: string | null;
  /** Scenario id, name and 1-based rule number of the answering rule. */
  scenario: { id: string; name: string; rule: number } | null;
  /** Every rule that touched the request (delays, effects, the answer), in words. */
  rules: string[];
  fault: string | null;
  /** Bodies longer than 64 KiB characters are clipped: only their start is kept, and `bodyClipped` says so. */
  request: { headers: Record<string, string>; body: string | null; bodyClipped: boolean };
  response: { headers: Record<string, string>; body: string | null; bodyClipped: boolean };
  /** What the entry counts against the journal's byte bound (2 bytes per character plus a fixed overhead). */
  bytes: number;
}

/** Filters of list/count/find; every field optional, all must hold. */
export interface JournalFilter {
  vendor?: Vendor;
  operation?: string;
  method?: string;
  /** Exact path, or a pattern (a RegExp, or pathPattern() of the scenario engine: linear-time). */
  path?: string | RegExp | { test(path: string): boolean };
  status?: number;
  account?: string;
  matched?: boolean;
  error?: string;
  scenario?: string;
  /** Entries with an id above this one. */
  since?: number;
  /** Only entries a rule answered (true) or the emulator answered (false). */
  answered?: boolean;
  test?: (e: JournalEntry) => boolean;
}

/**
 * Headers as the emulator hands them over: a Headers object (or a function giving one), a plain
 * object, or Node's raw list (`[name, value, name, value, …]` as received). The journal keeps a
 * plain object as it is and a raw list joined into one string, and turns either into the entry's
 * headers when an entry is read.
 */
export type HeaderSource = Headers | Record<string, string> | (() => Headers) | RawHeaderList;

/** Node's `IncomingMessage.rawHeaders`: names as sent, each followed by its value. */
export interface RawHeaderList {
  readonly raw: readonly string[];
}

export interface JournalRecord extends Omit<JournalEntry, 'id' | 'request' | 'response' | 'at' | 'clock' | 'bytes'> {
  /** Wall and virtual time in ms (ISO strings in the entries read back). */
  at: number;
  clock: number;
  request: { headers: HeaderSource; body: string | null };
  /** `passing`: the body is shown to the listeners (the request log) but not kept in the journal. */
  response: { headers: HeaderSource; body: string | null; passing?: boolean };
}

/** One side of an entry as the journal holds it: headers as received (formatted when read), the body clipped. */
export interface StoredMessage {
  readonly headers: Record<string, string>;
  readonly body: string | null;
  readonly bodyClipped: boolean;
}

/** An entry as the journal holds it: bodies clipped and copied, its size counted, headers formatted on first read. */
export interface StoredRecord extends Omit<JournalRecord, 'request' | 'response'> {
  id: number;
  bytes: number;
  request: StoredMessage;
  response: StoredMessage;
}

/** Entries let go of that are kept to be filled again. */
const maxSpare = 64;

/** Default bound of the journal in bytes (`--journal-bytes`). */
export const defaultJournalBytes = 32 * 1024 * 1024;

/** Names lower-cased, repeated names joined with `, ` (as the Headers API does), sorted by name. */
function headersOfRaw(raw: readonly string[]): Record<string, string> {
  const joined = new Map<string, string>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    const before = joined.get(name);
    joined.set(name, before === undefined ? raw[i + 1] : `${before}${name === 'cookie' ? '; ' : ', '}${raw[i + 1]}`);
  }
  const out: Record<string, string> = {};
  for (const name of [...joined.keys()].sort()) out[name] = joined.get(name)!;
  return out;
}

function headersOfRecord(record: Record<string, string>): Record<string, string> {
  const pairs: string[] = [];
  for (const name in record) pairs.push(name, String(record[name]));
  return headersOfRaw(pairs);
}

class Message implements StoredMessage {
  #source: KeptHeaders;
  #headers: Record<string, string> | undefined;

  constructor(
    source: KeptHeaders,
    readonly body: string | null,
    readonly bodyClipped: boolean,
  ) {
    this.#source = source;
  }

  get headers(): Record<string, string> {
    if (!this.#headers) {
      const source = this.#source;
      this.#headers = typeof source === 'string' ? headersOfRaw(source === '' ? [] : source.split(separator)) : headersOfRecord(source);
    }
    return this.#headers;
  }
}

/** Node's raw list joined into one string (`name\u0000value\u0000…`: one heap object instead of a list of strings), or a plain object. */
type KeptHeaders = string | Record<string, string>;

const separator = '\u0000';

/** What the journal keeps of a header source: Node's raw list or the adapter's plain object as they are (nothing holds the request or its context). */
function kept(h: HeaderSource): KeptHeaders {
  const source = typeof h === 'function' ? h() : h;
  if ('raw' in source && Array.isArray((source as RawHeaderList).raw)) return (source as RawHeaderList).raw.join(separator);
  if (!(source instanceof Headers)) return source as Record<string, string>;
  const headers: Record<string, string> = {};
  source.forEach((value, name) => {
    headers[name] = value;
  });
  return headers;
}

/** One empty list for every entry no rule touched (most of them), instead of one each. */
const noRules: string[] = [];

const chars = (s: string | null | undefined): number => (s ? s.length : 0);

/**
 * An entry as the ring holds it: one object of plain fields, its headers as received (formatted
 * when read). Thousands of these live in the journal, so each is as few heap objects as it can be:
 * every one of them is copied by the young-generation collector and promoted.
 */
class StoredEntry implements StoredRecord {
  at = 0;
  clock = 0;
  vendor: Vendor = 'regfish';
  method = '';
  path = '';
  query = '';
  operation: string | null = null;
  matched = false;
  account: string | null = null;
  status: number | null = null;
  durationMs = 0;
  error: string | null = null;
  reason: string | null = null;
  answeredBy: string | null = null;
  scenario: { id: string; name: string; rule: number } | null = null;
  rules: string[] = noRules;
  fault: string | null = null;
  bytes = 0;
  private requestHeaders: KeptHeaders = '';
  private requestBody: string | null = null;
  private requestClipped = false;
  private responseHeaders: KeptHeaders = '';
  private responseBody: string | null = null;
  private responseClipped = false;

  id = 0;

  /** Holds `entry` as entry `id` (an entry the journal let go of is filled again: fewer objects to collect). */
  fill(entry: JournalRecord, id: number): this {
    this.id = id;
    this.at = entry.at;
    this.clock = entry.clock;
    this.vendor = entry.vendor;
    this.method = entry.method;
    this.path = entry.path;
    this.query = entry.query;
    this.operation = entry.operation;
    this.matched = entry.matched;
    this.account = entry.account;
    this.status = entry.status;
    this.durationMs = entry.durationMs;
    this.error = entry.error;
    this.reason = entry.reason;
    this.answeredBy = entry.answeredBy;
    this.scenario = entry.scenario;
    this.rules = entry.rules.length ? entry.rules : noRules;
    this.fault = entry.fault;
    this.requestHeaders = kept(entry.request.headers);
    this.responseHeaders = kept(entry.response.headers);
    const requestBody = storedBody(entry.request.body);
    const responseBody = storedBody(entry.response.body);
    this.requestBody = requestBody.body;
    this.requestClipped = requestBody.clipped;
    this.responseBody = responseBody.body;
    this.responseClipped = responseBody.clipped;
    let text = chars(entry.method) + chars(entry.path) + chars(entry.query) + chars(entry.operation) + chars(entry.account);
    text += chars(entry.error) + chars(entry.reason) + chars(entry.answeredBy) + chars(entry.fault);
    text += entry.scenario ? chars(entry.scenario.id) + chars(entry.scenario.name) : 0;
    for (const rule of entry.rules) text += rule.length;
    text += headerChars(this.requestHeaders) + headerChars(this.responseHeaders) + chars(this.requestBody) + chars(this.responseBody);
    this.bytes = entryOverheadBytes + 2 * text;
    return this;
  }

  forgetResponseBody(): void {
    if (this.responseBody === null) return;
    this.bytes -= 2 * this.responseBody.length;
    this.responseBody = null;
    this.responseClipped = false;
  }

  get request(): StoredMessage {
    return new Message(this.requestHeaders, this.requestBody, this.requestClipped);
  }

  get response(): StoredMessage {
    return new Message(this.responseHeaders, this.responseBody, this.responseClipped);
  }
}

/**
 * The request journal: the last `size` requests, and never more than `maxBytes` of them (the
 * oldest go first). Bodies are clipped at 64 KiB characters. Filtering walks the ring (bounded).
 */
export class Journal {
  private ring: (StoredEntry | undefined)[] = [];
  /** Entries that rotated out, to be filled again. */
  private spare: StoredEntry[] = [];
  /** Index of the oldest entry in the ring, and how many there are. */
  private head = 0;
  private held = 0;
  private heldBytes = 0;
  private nextId = 1;
  private readonly listeners: ((e: StoredRecord) => void)[] = [];

  constructor(
    readonly size: number,
    readonly maxBytes: number = defaultJournalBytes,
  ) {}

  record(entry: JournalRecord): number {
    const id = this.nextId++;
    const stored = (this.spare.pop() ?? new StoredEntry()).fill(entry, id);
    // Listeners read the entry while they are called and keep none of it.
    for (const listen of this.listeners) listen(stored);
    if (entry.response.passing) stored.forgetResponseBody();
    if (this.size > 0) this.push(stored);
    else this.spare.push(stored);
    return id;
  }

  private push(stored: StoredEntry): void {
    if (this.held === this.size) this.dropOldest();
    this.ring[(this.head + this.held) % this.size] = stored;
    this.held++;
    this.heldBytes += stored.bytes;
    while (this.heldBytes > this.maxBytes && this.held > 0) this.dropOldest();
  }

  private dropOldest(): void {
    const oldest = this.ring[this.head]!;
    this.ring[this.head] = undefined;
    if (this.spare.length < maxSpare) this.spare.push(oldest);
    this.heldBytes -= oldest.bytes;
    this.head = (this.head + 1) % this.size;
    this.held--;
  }

  /** Called for every recorded entry (the contract report keeps its tallies this way). */
  onRecord(listener: (e: StoredRecord) => void): void {
    this.listeners.push(listener);
  }

  /** Oldest first. */
  private *ordered(): Generator<StoredEntry> {
    for (let i = 0; i < this.held; i++) yield this.ring[(this.head + i) % this.size]!;
  }

  find(filter: JournalFilter = {}, limit = Infinity): JournalEntry[] {
    const out: JournalEntry[] = [];
    for (const e of this.ordered()) {
      if (!matchesFilter(e, filter)) continue;
      const entry = materialise(e);
      if (filter.test && !filter.test(entry)) continue;
      out.push(entry);
      if (out.length >= limit) break;
    }
    return out;
  }

  count(filter: JournalFilter = {}): number {
    if (filter.test) return this.find(filter).length;
    let n = 0;
    for (const e of this.ordered()) if (matchesFilter(e, filter)) n++;
    return n;
  }

  get(id: number): JournalEntry | undefined {
    for (const e of this.ordered()) if (e.id === id) return materialise(e);
    return undefined;
  }

  /** Empties the journal (one vendor's entries, or all). */
  clear(vendor?: Vendor): void {
    const keep = vendor ? [...this.ordered()].filter((e) => e.vendor !== vendor) : [];
    this.ring = [];
    this.head = 0;
    this.held = 0;
    this.heldBytes = 0;
    for (const e of keep) this.push(e);
  }

  get length(): number {
    return this.held;
  }

  /** Bytes the held entries count against `maxBytes`. */
  get bytes(): number {
    return this.heldBytes;
  }
}

/** A held entry as callers get it: times as ISO strings, headers formatted, nothing shared with the journal. */
export function materialise(e: StoredRecord): JournalEntry {
  const request = e.request;
  const response = e.response;
  // In the order entries always had: the record's fields, then its id and size.
  return {
    at: new Date(e.at).toISOString(),
    clock: new Date(e.clock).toISOString(),
    vendor: e.vendor,
    method: e.method,
    path: e.path,
    query: e.query,
    operation: e.operation,
    matched: e.matched,
    account: e.account,
    status: e.status,
    durationMs: e.durationMs,
    error: e.error,
    reason: e.reason,
    answeredBy: e.answeredBy,
    scenario: e.scenario,
    rules: e.rules === noRules ? [] : e.rules,
    fault: e.fault,
    request: { headers: { ...request.headers }, body: request.body, bodyClipped: request.bodyClipped },
    response: { headers: { ...response.headers }, body: response.body, bodyClipped: response.bodyClipped },
    id: e.id,
    bytes: e.bytes,
  };
}

function matchesFilter(e: StoredRecord, f: JournalFilter): boolean {
  if (f.vendor !== undefined && e.vendor !== f.vendor) return false;
  if (f.operation !== undefined && e.operation !== f.operation) return false;
  if (f.method !== undefined && e.method !== f.method.toUpperCase()) return false;
  if (f.path !== undefined && (typeof f.path === 'string' ? e.path !== f.path : !f.path.test(e.path))) return false;
  if (f.status !== undefined && e.status !== f.status) return false;
  if (f.account !== undefined && e.account !== f.account) return false;
  if (f.matched !== undefined && e.matched !== f.matched) return false;
  if (f.error !== undefined && e.error !== f.error) return false;
  if (f.scenario !== undefined && e.scenario?.name !== f.scenario && e.scenario?.id !== f.scenario) return false;
  if (f.since !== undefined && e.id <= f.since) return false;
  if (f.answered !== undefined && (e.answeredBy !== null) !== f.answered) return false;
  return true;
}

import type { Vendor } from '../state/model.js';

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
  request: { headers: Record<string, string>; body: string | null };
  response: { headers: Record<string, string>; body: string | null };
}

/** Filters of list/count/find; every field optional, all must hold. */
export interface JournalFilter {
  vendor?: Vendor;
  operation?: string;
  method?: string;
  path?: string | RegExp;
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

/** Lazily materialised header snapshot: the Headers object is kept, the plain object built on read. */
export type HeaderSource = Headers | Record<string, string> | (() => Headers);

export interface JournalRecord extends Omit<JournalEntry, 'id' | 'request' | 'response' | 'at' | 'clock'> {
  /** Wall and virtual time in ms (ISO strings in the entries read back). */
  at: number;
  clock: number;
  request: { headers: HeaderSource; body: string | null };
  response: { headers: HeaderSource; body: string | null };
}

const plain = (h: HeaderSource): Record<string, string> => {
  const headers = typeof h === 'function' ? h() : h;
  return headers instanceof Headers ? Object.fromEntries(headers) : headers;
};

/**
 * The request journal: a ring buffer of the last `size` requests. Writing is one array store;
 * filtering walks the buffer (small, bounded).
 */
export class Journal {
  private readonly ring: (JournalRecord & { id: number })[];
  private next = 0;
  private nextId = 1;
  private readonly listeners: ((e: JournalRecord & { id: number }) => void)[] = [];

  constructor(readonly size: number) {
    this.ring = [];
  }

  record(entry: JournalRecord): number {
    const id = this.nextId++;
    const stored = Object.assign(entry, { id });
    for (const listen of this.listeners) listen(stored);
    if (this.size === 0) return id;
    if (this.ring.length < this.size) this.ring.push(stored);
    else this.ring[this.next] = stored;
    this.next = (this.next + 1) % this.size;
    return id;
  }

  /** Called for every recorded entry (the contract report keeps its tallies this way). */
  onRecord(listener: (e: JournalRecord & { id: number }) => void): void {
    this.listeners.push(listener);
  }

  /** Oldest first. */
  private ordered(): (JournalRecord & { id: number })[] {
    if (this.ring.length < this.size) return this.ring;
    return [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
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
    for (const e of this.ring) if (matchesFilter(e, filter)) n++;
    return n;
  }

  get(id: number): JournalEntry | undefined {
    const e = this.ring.find((x) => x.id === id);
    return e ? materialise(e) : undefined;
  }

  /** Empties the journal (one vendor's entries, or all). */
  clear(vendor?: Vendor): void {
    if (!vendor) {
      this.ring.length = 0;
      this.next = 0;
      return;
    }
    const keep = this.ordered().filter((e) => e.vendor !== vendor);
    this.ring.length = 0;
    this.ring.push(...keep);
    this.next = keep.length % Math.max(1, this.size);
  }

  get length(): number {
    return this.ring.length;
  }
}

function materialise(e: JournalRecord & { id: number }): JournalEntry {
  return {
    ...e,
    at: new Date(e.at).toISOString(),
    clock: new Date(e.clock).toISOString(),
    request: { headers: plain(e.request.headers), body: e.request.body },
    response: { headers: plain(e.response.headers), body: e.response.body },
  };
}

function matchesFilter(e: JournalRecord & { id: number }, f: JournalFilter): boolean {
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

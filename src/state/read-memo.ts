/** The reads of one SQL text: its results by parameters, and the tables the text names. */
interface Reads {
  tables: readonly string[];
  results: Map<string, unknown>;
}

const none = Symbol('none');

/**
 * The store's memo of reads, emptied per table: a write to `orders` forgets what was read from
 * `orders` (and any read that names it in a join or subquery), while the accounts and the DNS
 * records read by every request stay remembered. A read's tables are every known table name its
 * SQL text contains as a word, which can only name too many.
 */
export class ReadMemo {
  /** Single-row and many-row reads apart, so one text read both ways cannot mix them up. */
  private readonly bySql = [new Map<string, Reads>(), new Map<string, Reads>()] as const;
  /** The SQL texts with results now, per table they name. */
  private readonly filled = new Map<string, Set<Reads>>();
  private entries = 0;
  private static readonly limit = 20_000;
  /** A read keyed by a long value (a 15 KB garbage API key) is not worth memory. */
  private static readonly keyLimit = 2048;

  constructor(private readonly tables: readonly string[]) {}

  get size(): number {
    return this.entries;
  }

  remember<T>(kind: 'one' | 'many', sql: string, params: readonly unknown[], read: () => T): T {
    const key = params.join('\u0000');
    if (key.length > ReadMemo.keyLimit) return read();
    const reads = this.readsOf(this.bySql[kind === 'one' ? 0 : 1], sql);
    const known = reads.results.get(key) ?? (reads.results.has(key) ? none : undefined);
    if (known !== undefined) return (known === none ? undefined : known) as T;
    const value = read();
    if (this.entries >= ReadMemo.limit) this.clearAll();
    if (reads.results.size === 0) for (const t of reads.tables) this.filledOf(t).add(reads);
    reads.results.set(key, value);
    this.entries++;
    return value;
  }

  clearTable(table: string): void {
    const filled = this.filled.get(table);
    if (!filled || filled.size === 0) return;
    for (const reads of filled) this.forget(reads);
  }

  clearAll(): void {
    if (this.entries === 0) return;
    for (const bySql of this.bySql) for (const reads of bySql.values()) if (reads.results.size) this.forget(reads);
  }

  private forget(reads: Reads): void {
    this.entries -= reads.results.size;
    reads.results.clear();
    for (const t of reads.tables) this.filled.get(t)?.delete(reads);
  }

  private readsOf(bySql: Map<string, Reads>, sql: string): Reads {
    let reads = bySql.get(sql);
    if (!reads) {
      const tables = this.tables.filter((t) => new RegExp(`\\b${t}\\b`).test(sql));
      // A text that names no known table is forgotten on every write, as all reads once were.
      reads = { tables: tables.length ? tables : this.tables, results: new Map() };
      bySql.set(sql, reads);
    }
    return reads;
  }

  private filledOf(table: string): Set<Reads> {
    let set = this.filled.get(table);
    if (!set) {
      set = new Set();
      this.filled.set(table, set);
    }
    return set;
  }
}

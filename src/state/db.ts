import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { migrateDnsRecords } from './dns-schema.js';
import { schemaSql, schemaVersion } from './schema.js';
import { migrateCertificateThumbprints } from './thumbprint-column.js';

export type Db = Database.Database;

/**
 * better-sqlite3's addon, by path. Left to itself the library finds it with `bindings` from a stack
 * trace at the first open (2 ms of every start), and in the bundled CLI that trace points at the
 * bundle, not at better-sqlite3. So: where npm builds it, else `bindings`' search from
 * better-sqlite3's own directory, else the library's default.
 */
let addonPath: string | null | undefined;
function nativeBinding(): string | undefined {
  if (addonPath === undefined) addonPath = findAddon();
  return addonPath ?? undefined;
}

function findAddon(): string | null {
  try {
    const packageJson = createRequire(import.meta.url).resolve('better-sqlite3/package.json');
    const root = dirname(packageJson);
    const built = join(root, 'build', 'Release', 'better_sqlite3.node');
    if (existsSync(built)) return built;
    const bindings = createRequire(packageJson)('bindings') as (options: object) => string;
    return bindings({ bindings: 'better_sqlite3.node', module_root: root, path: true });
  } catch {
    return null;
  }
}

function open(filename: string | Buffer): Db {
  return new Database(filename, { nativeBinding: nativeBinding() });
}

/**
 * Opens the store: in memory by default, or `mockca.sqlite` under the data directory in WAL mode,
 * where a write that was answered survives a crash of the process.
 */
export function openDatabase(dataDir?: string): Db {
  let db: Db;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    db = open(join(dataDir, 'mockca.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
  } else {
    return openMemoryDatabase();
  }
  applySchema(db);
  return db;
}

function applySchema(db: Db): void {
  db.pragma('foreign_keys = OFF');
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > schemaVersion) throw new Error(`the data directory was written by a newer mockca (schema ${current})`);
  db.exec(schemaSql);
  migrateDnsRecords(db);
  migrateCertificateThumbprints(db);
  db.pragma(`user_version = ${schemaVersion}`);
}

/** The empty store, schema applied, serialized once per process (a constant, like the schema text). */
let emptyImage: Buffer | undefined;

/**
 * An empty in-memory store made from one serialized image: cheap enough for every reset to swap in
 * a new one. Its pages live in one buffer that is freed whole when it is closed, so the memory of
 * a store that held 100,000 certificates goes back to the system (the pages of a `:memory:`
 * database are freed one by one, and the allocator keeps them). Such a store holds at most 1 GiB
 * (SQLite's ceiling for deserialized databases); --data-dir has none.
 */
export function openMemoryDatabase(): Db {
  if (!emptyImage) {
    const built = open(':memory:');
    applySchema(built);
    emptyImage = built.serialize();
    built.close();
  }
  const db = open(emptyImage);
  db.pragma('foreign_keys = OFF');
  // The pages are in memory already: a page cache of its own (16 MB by default, freed page by page
  // and kept by the allocator) would hold them twice.
  db.pragma('cache_size = -2048');
  return db;
}

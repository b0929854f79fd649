// Reset with 100,000 certificates in the store (run as a child of bench/run.js with --expose-gc:
// `node --expose-gc bench/parts/reset.js 100000 5`). Each round copies a fixture order with its
// certificate and events in SQL until there are N certificates, then times reset(); RSS after a
// full GC is read at the start, with the store full, and after each reset; and the time the turn
// of the event loop right after the reset takes (an in-memory store hands its old memory back
// then). Prints JSON.
import { startMockCa } from '../../dist/index.js';

const [count = '100000', rounds = '5'] = process.argv.slice(2);
const n = Number(count);
const handle = await startMockCa();
const { store } = handle.server.ctx;
// Read afresh each time: a full reset of an in-memory store swaps its database.
let db = store.db;

const rssMiB = () => {
  globalThis.gc?.();
  globalThis.gc?.();
  return +(process.memoryUsage().rss / 1024 / 1024).toFixed(1);
};

/** INSERT … SELECT of one row with some columns replaced; the other columns copied as they are. */
function copier(table, replaced) {
  const cols = db.prepare(`PRAGMA table_info(${table})`).all().map((c) => c.name).filter((c) => c !== 'id');
  const select = cols.map((c) => (c in replaced ? `@${c}` : c)).join(', ');
  return db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) SELECT ${select} FROM ${table} WHERE id = @from`);
}

function fill() {
  db = store.db;
  const order = db.prepare("SELECT o.id AS order_id, c.id AS cert_id FROM orders o JOIN certificates c ON c.order_id = o.id WHERE c.status = 'issued' ORDER BY o.id LIMIT 1").get();
  const event = db.prepare('SELECT id FROM events WHERE order_id = ? LIMIT 1').get(order.order_id);
  const copyOrder = copier('orders', { public_id: 1, common_name: 1, dns_names: 1 });
  const copyCert = copier('certificates', { order_id: 1, public_id: 1, serial: 1, common_name: 1, dns_names: 1 });
  const copyEvent = event ? copier('events', { order_id: 1 }) : undefined;
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const name = `h${i}.bench.example`;
      const names = JSON.stringify([name]);
      const orderId = copyOrder.run({ from: order.order_id, public_id: `BENCH${String(i).padStart(9, '0')}`, common_name: name, dns_names: names }).lastInsertRowid;
      copyCert.run({ from: order.cert_id, order_id: orderId, public_id: String(90_000_000 + i), serial: `7b${i.toString(16).padStart(30, '0')}`, common_name: name, dns_names: names });
      copyEvent?.run({ from: event.id, order_id: orderId });
    }
  })();
  return db.prepare('SELECT COUNT(*) AS n FROM certificates').get().n;
}

const rss = { start: rssMiB(), full: [], afterReset: [] };
const runs = [];
const releaseMs = [];
let certificates = 0;
for (let round = 0; round < Number(rounds); round++) {
  certificates = fill();
  rss.full.push(rssMiB());
  runs.push(+(await handle.reset()).toFixed(2));
  db = store.db;
  // What the reset leaves for the next turn of the event loop (the old store's memory going back).
  const released = performance.now();
  await new Promise((resolve) => setImmediate(resolve));
  releaseMs.push(+(performance.now() - released).toFixed(2));
  rss.afterReset.push(rssMiB());
}
const left = db.prepare('SELECT COUNT(*) AS n FROM certificates').get().n;
await handle.close();
console.log(JSON.stringify({ certificates, runs, releaseMs, rss, certificatesAfterReset: left }));

import type { OperationInfo } from '../emulators/operation-router.js';
import { vendors, type Vendor } from '../state/model.js';
import type { StoredRecord } from './journal.js';
import { maskAccount } from './secrets.js';
import { clipText } from './stored-text.js';

const maxViolations = 1000;
/** A violation keeps at most this much of its path and reason, so 1000 of them stay small. */
const maxViolationText = 2048;

interface OperationTally {
  calls: number;
  statuses: Map<number | 'fault', number>;
}

interface ErrorTally {
  count: number;
  /** How many of them a scenario rule injected. */
  injected: number;
  status: number | null;
  operations: Set<string>;
}

export interface Violation {
  journalId: number;
  at: string;
  method: string;
  path: string;
  operation: string | null;
  account: string | null;
  status: number | null;
  error: string | null;
  reason: string;
}

interface VendorTally {
  requests: number;
  operations: Map<string, OperationTally>;
  errors: Map<string, ErrorTally>;
  violations: Violation[];
  violationCount: number;
  unmatched: number;
  faults: number;
}

const fresh = (): VendorTally => ({ requests: 0, operations: new Map(), errors: new Map(), violations: [], violationCount: 0, unmatched: 0, faults: 0 });

/** A 409 is a state conflict the client may well be expected to handle, not a broken contract. */
const stateConflict = (status: number | null) => status === 409;

/**
 * The contract report: per vendor, which operations and which error paths the client exercised,
 * and every request that broke the vendor contract (refused with an `x-mockca-reason`, or hitting
 * no route). Tallied as requests are journaled, so it covers everything since the last reset even
 * when the journal has rotated.
 */
export class ContractReport {
  private tallies = new Map<Vendor, VendorTally>();

  observe(e: StoredRecord): void {
    let t = this.tallies.get(e.vendor);
    if (!t) this.tallies.set(e.vendor, (t = fresh()));
    t.requests++;
    if (e.fault) t.faults++;
    if (e.operation) {
      let op = t.operations.get(e.operation);
      if (!op) t.operations.set(e.operation, (op = { calls: 0, statuses: new Map() }));
      op.calls++;
      const key = e.status ?? 'fault';
      op.statuses.set(key, (op.statuses.get(key) ?? 0) + 1);
    }
    if (e.error) {
      let err = t.errors.get(e.error);
      if (!err) t.errors.set(e.error, (err = { count: 0, injected: 0, status: e.status, operations: new Set() }));
      err.count++;
      if (e.answeredBy) err.injected++;
      if (e.operation) err.operations.add(e.operation);
    }
    if (!e.matched) t.unmatched++;
    const broke = !e.answeredBy && (!e.matched || (e.reason !== null && !stateConflict(e.status)));
    if (broke) {
      t.violationCount++;
      if (t.violations.length < maxViolations) {
        t.violations.push({
          journalId: e.id,
          at: new Date(e.at).toISOString(),
          method: e.method,
          path: clipText(e.path, maxViolationText),
          operation: e.operation,
          account: maskAccount(e.vendor, e.account),
          status: e.status,
          error: e.error,
          reason: clipText(e.reason ?? `no ${e.vendor} route ${e.method} ${e.path}`, maxViolationText),
        });
      }
    }
  }

  clear(vendor?: Vendor): void {
    if (vendor) this.tallies.delete(vendor);
    else this.tallies = new Map();
  }

  report(operations: Partial<Record<Vendor, OperationInfo[]>>, only?: Vendor) {
    const out: Record<string, unknown> = {};
    for (const vendor of vendors) {
      if (only && vendor !== only) continue;
      const t = this.tallies.get(vendor) ?? fresh();
      const known = [...new Set((operations[vendor] ?? []).map((o) => o.operation))];
      out[vendor] = {
        requests: t.requests,
        operations: {
          exercised: Object.fromEntries(
            [...t.operations].map(([name, op]) => [name, { calls: op.calls, statuses: Object.fromEntries([...op.statuses].map(([s, n]) => [String(s), n])) }]),
          ),
          not_exercised: known.filter((name) => !t.operations.has(name)),
          coverage: known.length ? Math.round((known.filter((name) => t.operations.has(name)).length / known.length) * 1000) / 1000 : null,
        },
        error_paths: Object.fromEntries(
          [...t.errors].map(([name, err]) => [name, { count: err.count, injected_by_scenarios: err.injected, status: err.status, operations: [...err.operations] }]),
        ),
        contract_violations: { count: t.violationCount, requests: t.violations },
        unmatched: t.unmatched,
        connection_faults: t.faults,
      };
    }
    return out;
  }
}

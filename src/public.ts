/**
 * The mockca package: startMockCa() and the types a test suite needs, and nothing that reaches
 * mockca's internals (their declarations would need better-sqlite3's types).
 */
import { startMockCa as startWithInternals } from './index.js';
import type { MockCaOptions } from './config.js';
import type { ScenarioHandleParts } from './scenarios/handle-api.js';
import type { Vendor } from './state/model.js';

export type { MockCaOptions, MockCaConfig } from './config.js';
export { magicDomains } from './state/magic-domains.js';
export type { ScenarioInput } from './scenarios/schema.js';
export { ScenarioError } from './scenarios/schema.js';
export type { JournalEntry, JournalFilter } from './journal/journal.js';
export type { DnsApi, JournalApi, OutboxApi, OutboxFollowed, ScenarioListing, ScenariosApi } from './scenarios/handle-api.js';
export { SeedError, type SeedRequest, type SeedResult } from './seed/seed-schema.js';
export { ClockOutOfRange } from './state/clock.js';
export { DataDirLocked } from './state/data-dir-lock.js';
export type { DnsRecord, OutboxMessage, Vendor } from './state/model.js';

/** Base URL of each listener. */
export interface Urls {
  control: string;
  regfish: string;
  digicert: string;
  sectigo: string;
}

/** The running server; its internals are typed inside mockca's own repository only. */
export interface MockCaServer {
  /** The address every listener is bound to, as the sockets report it. */
  readonly boundAddress: string;
}

/**
 * What startMockCa() gives a test suite. Also: `scenarios` (add/load/remove/clear/list),
 * `journal` (find/count/unmatched/clear/contract), `dns`, `outbox` and `seed()`.
 */
export interface MockCaHandle extends ScenarioHandleParts {
  /** Base URL of each listener, e.g. `{ regfish: 'http://127.0.0.1:39211', … }`. */
  urls: Urls;
  /** Back to the fixtures (all vendors, or one) without restarting; resolves with the time it took in ms. */
  reset(vendor?: Vendor): Promise<number>;
  close(): Promise<void>;
  /** The virtual clock: `clock.advance(ms)`, `clock.set(date)`, `clock.now()`. */
  clock: { now(): Date; set(to: Date): void; advance(ms: number): void };
  /** The emulator's CA material (PEM). */
  ca: { rootPem: string; intermediatePem: string; chainPem: string };
  server: MockCaServer;
}

/**
 * Starts mockca in this process. Ports default to 0 (any free port) and nothing is printed;
 * every other option is as on the command line.
 */
export function startMockCa(options: MockCaOptions = {}): Promise<MockCaHandle> {
  return startWithInternals(options);
}

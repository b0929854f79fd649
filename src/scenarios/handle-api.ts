import type { JournalEntry, JournalFilter } from '../journal/journal.js';
import type { SeedRequest, SeedResult } from '../seed/seed-schema.js';
import type { DnsRecord, Order, OutboxMessage, Vendor } from '../state/model.js';
import type { ScenarioInput } from './schema.js';

/*
 * The in-process API of a started mockca, as types only: the package's public declarations reach
 * these without reaching the store, the CA or the emulator context (whose types need better-sqlite3's).
 * handle.ts builds the values; the compiler checks them against these shapes.
 */

/** One loaded scenario as `scenarios.list()` shows it, with its rules' counters. */
export interface ScenarioListed {
  id: string;
  name: string;
  description?: string;
  source: 'file' | 'cli' | 'api' | 'programmatic' | 'header';
  file?: string;
  account?: string;
  rules: { rule: number; explain: string; phase: 'pre' | 'routed'; completion: string; matched: number; used: number; exhausted: boolean }[];
}

export interface ScenarioListing {
  loaded: ScenarioListed[];
  /** Files of the scenario folder that can be loaded by name. */
  available: { name: string; description?: string; file: string }[];
  /** Scenarios compiled for the x-mockca-scenario header (recently used ones). */
  selected_by_header: ScenarioListed[];
}

/** `handle.scenarios`: the same operations as the control API, in process. */
export interface ScenariosApi {
  /** Validates and adds a scenario (the scenario file shape); throws a ScenarioError naming the rule and field. */
  add(scenario: ScenarioInput): { id: string; name: string };
  /** Loads a named file from the scenario folder. */
  load(name: string): { id: string; name: string };
  /** Sets one scenario's counters back to zero (its once/times/skip rules start over). */
  rearm(idOrName: string): boolean;
  /** Removes a scenario by id, or every scenario of that name. */
  remove(idOrName: string): boolean;
  clear(): void;
  /** Loaded scenarios with per-rule counters, and the files that can be loaded. */
  list(): ScenarioListing;
}

/** `handle.journal`: what the vendors received. */
export interface JournalApi {
  find(filter?: JournalFilter): JournalEntry[];
  count(filter?: JournalFilter): number;
  /** Requests that hit no route. */
  unmatched(): JournalEntry[];
  clear(vendor?: Vendor): void;
  /** The contract report (all vendors, or one). */
  contract(vendor?: Vendor): Record<string, unknown>;
}

export interface DnsApi {
  add(record: { name: string; type: string; data: string; ttl?: number }): DnsRecord;
  remove(id: number): void;
  list(name?: string): DnsRecord[];
}

/** What following an approval link did. */
export interface OutboxFollowed {
  message: OutboxMessage;
  order: Order | undefined;
  /** Domains validated by this visit (empty when the link was followed before). */
  validated: string[];
}

export interface OutboxApi {
  /** Every message the emulator "sent" (DCV and notification emails), oldest first. */
  list(filter?: { to?: string; kind?: string }): OutboxMessage[];
  /** Follows a message's approval link (as a recipient clicking it would); undefined for an unknown token. */
  follow(token: string): Promise<OutboxFollowed | undefined>;
}

export interface ScenarioHandleParts {
  scenarios: ScenariosApi;
  journal: JournalApi;
  dns: DnsApi;
  outbox: OutboxApi;
  /** Creates orders in a given state for one account (provider states). */
  seed(request: SeedRequest): Promise<SeedResult>;
}

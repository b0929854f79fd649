import type { EmulatorContext } from '../context.js';
import type { JournalEntry, JournalFilter } from '../journal/journal.js';
import { seedOrders, type SeedRequest } from '../seed/seed.js';
import type { DnsRecord, OutboxMessage, Vendor } from '../state/model.js';
import { Outbox, type FollowResult } from '../state/outbox.js';
import type { ScenarioInput } from './schema.js';

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
  list(): ReturnType<EmulatorContext['scenarios']['list']>;
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

export interface OutboxApi {
  /** Every message the emulator "sent" (DCV and notification emails), oldest first. */
  list(filter?: { to?: string; kind?: string }): OutboxMessage[];
  /** Follows a message's approval link (as a recipient clicking it would); undefined for an unknown token. */
  follow(token: string): Promise<FollowResult | undefined>;
}

export interface ScenarioHandleParts {
  scenarios: ScenariosApi;
  journal: JournalApi;
  dns: DnsApi;
  outbox: OutboxApi;
  /** Creates orders in a given state for one account (provider states). */
  seed(request: SeedRequest): ReturnType<typeof seedOrders>;
}

export function scenarioHandleParts(ctx: EmulatorContext): ScenarioHandleParts {
  const engine = ctx.scenarios;
  const short = (s: { id: string; name: string }) => ({ id: s.id, name: s.name });
  return {
    scenarios: {
      add: (scenario) => short(engine.add(scenario, 'programmatic')),
      load: (name) => short(engine.load(name, 'programmatic')),
      rearm: (idOrName) => engine.rearm(idOrName),
      remove: (idOrName) => engine.remove(idOrName),
      clear: () => engine.clear(),
      list: () => engine.list(),
    },
    journal: {
      find: (filter) => ctx.journal.find(filter),
      count: (filter) => ctx.journal.count(filter),
      unmatched: () => ctx.journal.find({ matched: false }),
      clear: (vendor) => ctx.journal.clear(vendor),
      contract: (vendor) => engine.contract.report(ctx.operations, vendor),
    },
    dns: {
      add: (record) => ctx.core.dns.add({ accountId: null, ...record }, ctx.clock.nowMs()),
      remove: (id) => ctx.core.dns.remove(id),
      list: (name) => ctx.store.dnsRecords().filter((r) => !name || r.name === `${name.toLowerCase().replace(/\.$/, '')}.`),
    },
    outbox: {
      list: (filter = {}) => ctx.store.outbox().filter((m) => (!filter.to || m.to === filter.to) && (!filter.kind || m.kind === filter.kind)),
      follow: (token) => new Outbox(ctx.core).follow(token),
    },
    seed: (request) => seedOrders(ctx, request),
  };
}

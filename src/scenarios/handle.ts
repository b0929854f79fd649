import type { EmulatorContext } from '../context.js';
import { seedOrders } from '../seed/seed.js';
import { Outbox } from '../state/outbox.js';
import type { ScenarioHandleParts } from './handle-api.js';

export type { DnsApi, JournalApi, OutboxApi, OutboxFollowed, ScenarioHandleParts, ScenarioListing, ScenariosApi } from './handle-api.js';

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

import { parseConfig, type MockCaOptions } from './config.js';
import type { Urls } from './context.js';
import type { Vendor } from './state/model.js';
import { runMockCa, type RunningMockCa } from './server.js';
import { scenarioHandleParts, type ScenarioHandleParts } from './scenarios/handle.js';

export type { MockCaOptions, MockCaConfig } from './config.js';
export type { Urls } from './context.js';
export { magicDomains } from './state/magic-domains.js';
export type { ScenarioInput } from './scenarios/schema.js';
export { ScenarioError } from './scenarios/schema.js';
export type { JournalEntry, JournalFilter } from './journal/journal.js';
export type { ScenariosApi, JournalApi, DnsApi, OutboxApi } from './scenarios/handle.js';
export type { SeedRequest } from './seed/seed.js';

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
  /** The running server's internals, for advanced use. */
  server: RunningMockCa;
}

/**
 * Starts mockca in this process. Ports default to 0 (any free port) and nothing is printed;
 * every other option is as on the command line.
 */
export async function startMockCa(options: MockCaOptions = {}): Promise<MockCaHandle> {
  const config = parseConfig({ controlPort: 0, regfishPort: 0, digicertPort: 0, sectigoPort: 0, quiet: true, ...options });
  const server = await runMockCa(config);
  const { clock, ca } = server.ctx;
  return {
    urls: server.urls,
    reset: async (vendor) => server.reset(vendor),
    close: () => server.close(),
    clock: { now: () => clock.now(), set: (to) => clock.set(to), advance: (ms) => clock.advance(ms) },
    ca: { rootPem: ca.rootPem, intermediatePem: ca.intermediatePem, chainPem: ca.chainPem },
    server,
    ...scenarioHandleParts(server.ctx),
  };
}

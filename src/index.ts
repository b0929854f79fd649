import { parseConfig, type MockCaOptions } from './config.js';
import type { Urls } from './context.js';
import type { Vendor } from './state/model.js';
import { runMockCa, type RunningMockCa } from './server.js';
import { scenarioHandleParts } from './scenarios/handle.js';
import type { MockCaHandle as PublicMockCaHandle } from './public.js';

export type { MockCaOptions, MockCaConfig } from './config.js';
export type { Urls } from './context.js';
export { magicDomains } from './state/magic-domains.js';
export type { ScenarioInput } from './scenarios/schema.js';
export { ScenarioError } from './scenarios/schema.js';
export type { JournalEntry, JournalFilter } from './journal/journal.js';
export type { ScenariosApi, JournalApi, DnsApi, OutboxApi } from './scenarios/handle.js';
export { SeedError, type SeedRequest } from './seed/seed.js';
export { ClockOutOfRange } from './state/clock.js';
export { DataDirLocked } from './state/data-dir-lock.js';
export type { MockCaServer } from './public.js';

/**
 * The package's handle (src/public.ts) with the running server's internals typed: what the
 * repository's own tests use (`handle.server.ctx…`). The package's entry types `server` opaquely.
 */
export interface MockCaHandle extends PublicMockCaHandle {
  urls: Urls;
  /** The running server's internals, for advanced use. */
  server: RunningMockCa;
}

/**
 * Starts mockca in this process. Ports default to 0 (any free port) and nothing is printed;
 * every other option is as on the command line.
 */
export async function startMockCa(options: MockCaOptions = {}): Promise<MockCaHandle> {
  // Quiet by default: no banner, no request log (mockca's own failures still go to stderr).
  const config = parseConfig({ controlPort: 0, regfishPort: 0, digicertPort: 0, sectigoPort: 0, quiet: true, logLevel: 'error', ...options });
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

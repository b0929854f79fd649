import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { LocalCa } from './ca/local-ca.js';
import type { MockCaConfig } from './config.js';
import type { EmulatorContext, Hooks, Urls } from './context.js';
import { createControlApp } from './control/app.js';
import { createDigicertApp } from './emulators/digicert/app.js';
import type { OperationInfo } from './emulators/operation-router.js';
import { createRegfishApp } from './emulators/regfish/app.js';
import { createSectigoApp } from './emulators/sectigo/app.js';
import { listen, type Listener } from './http/listen.js';
import { Journal } from './journal/journal.js';
import { ScenarioEngine } from './scenarios/engine.js';
import { Clock } from './state/clock.js';
import { Core } from './state/core.js';
import { openDatabase } from './state/db.js';
import { Fixtures } from './state/fixtures.js';
import type { Vendor } from './state/model.js';
import { Rng } from './state/rng.js';
import { Store } from './state/store.js';
import { packageRoot, version } from './version.js';

export interface RunningMockCa {
  urls: Urls;
  ctx: EmulatorContext;
  operations: Record<Vendor, OperationInfo[]>;
  /** Back to the fixtures (all, or one vendor's); returns how long it took in ms. */
  reset(vendor?: Vendor): number;
  close(): Promise<void>;
}

const fixturesLoaded = 'fixtures_loaded';

const logUnexpected: Hooks['onUnexpected'] = (err, c) => console.error(`mockca: unexpected error on ${c.req.method} ${c.req.path}:`, err);

/** Builds every part from one config and binds the four listeners. */
export async function runMockCa(config: MockCaConfig): Promise<RunningMockCa> {
  const clock = new Clock();
  const rng = new Rng(config.seed);
  const ca = await LocalCa.create({
    keyAlgorithm: config.caKeyAlg,
    dataDir: config.dataDir,
    caCertPem: config.caCert ? readFileSync(config.caCert, 'utf8') : undefined,
    caKeyPem: config.caKey ? readFileSync(config.caKey, 'utf8') : undefined,
  });
  const store = new Store(openDatabase(config.dataDir));
  // Each start on a data directory draws from a stream of its own: same seed, no repeated ids or serials.
  rng.useStream(store.countStart());
  const core = new Core(store, clock, rng, ca, { issuance: config.issuance, vendors: config.vendorIssuance });
  const policyFor = core.policyFor.bind(core);
  // Signed once the control listener is bound, so fixture certificates carry its real CRL/OCSP URLs.
  let fixtures: Fixtures | undefined;
  const urls: Urls = { control: '', regfish: '', digicert: '', sectigo: '' };
  const vendorErrors: EmulatorContext['vendorErrors'] = {};
  const operations: EmulatorContext['operations'] = {};
  const journal = new Journal(config.journalSize, config.journalBytes);
  const scenarioDir = config.scenarioDir ?? join(packageRoot, 'scenarios');
  const scenarios = new ScenarioEngine({ config, core, store, vendorErrors, operations, journal, scenarioDir });
  const hooks: Hooks = { observe: scenarios.observe, intercept: scenarios.intercept, onUnexpected: logUnexpected };
  const ctx: EmulatorContext = { config, core, store, clock, rng, ca, urls, hooks, vendorErrors, operations, scenarios, journal };

  const reset = (vendor?: Vendor): number => {
    const started = performance.now();
    if (vendor) {
      store.clearVendor(vendor);
      fixtures?.load(store, policyFor, vendor);
    } else {
      store.clear();
      fixtures?.load(store, policyFor);
      store.setSetting(fixturesLoaded, 'yes');
      rng.reset();
      clock.reset();
    }
    scenarios.reset(vendor);
    if (!vendor || vendor === 'digicert') digicert.resetRateLimits();
    if (!vendor || vendor === 'sectigo') sectigo.resetRateLimits();
    return performance.now() - started;
  };

  const regfish = createRegfishApp(ctx);
  const digicert = createDigicertApp(ctx);
  const sectigo = createSectigoApp(ctx);
  Object.assign(operations, { regfish: regfish.operations, digicert: digicert.operations, sectigo: sectigo.operations });
  try {
    for (const name of config.scenarios) scenarios.load(name, 'cli');
  } catch (e) {
    store.db.close();
    throw e;
  }
  const control = createControlApp(ctx, { reset, version, startedAt: Date.now() });

  const tls = config.tls
    ? await ca.serverCertificate(['localhost', 'api.regfish.com', 'www.digicert.com', 'secure.trust-provider.com'], ['127.0.0.1', '::1'], clock.now(), new Rng(config.seed ^ 0x7e5).serial())
    : undefined;
  const serve = (app: Hono<any>, port: number) => listen(app.fetch, { host: config.host, port, tls }); // eslint-disable-line @typescript-eslint/no-explicit-any
  const listeners: Listener[] = [];
  try {
    const controlListener = await serve(control, config.controlPort);
    listeners.push(controlListener);
    urls.control = controlListener.url;
    ca.setControlBaseUrl(urls.control);
    fixtures = await Fixtures.prepare(config.fixtures ?? join(packageRoot, 'fixtures', 'default.json'), ca, new Rng(config.seed ^ 0x5eed), clock);
    if (store.setting(fixturesLoaded) === undefined) {
      fixtures.load(store, policyFor);
      store.setSetting(fixturesLoaded, 'yes');
    }
    for (const [name, app, port] of [
      ['regfish', regfish.app, config.regfishPort],
      ['digicert', digicert.app, config.digicertPort],
      ['sectigo', sectigo.app, config.sectigoPort],
    ] as const) {
      const listener = await serve(app, port);
      listeners.push(listener);
      urls[name] = listener.url;
    }
  } catch (e) {
    await Promise.all(listeners.map((l) => l.close()));
    store.db.close();
    throw e;
  }

  let closed = false;
  return {
    urls,
    ctx,
    operations: { regfish: regfish.operations, digicert: digicert.operations, sectigo: sectigo.operations },
    reset,
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.all(listeners.map((l) => l.close()));
      store.db.close();
    },
  };
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { Hono } from 'hono';
import { LocalCa } from './ca/local-ca.js';
import type { MockCaConfig } from './config.js';
import type { EmulatorContext, Hooks, Urls } from './context.js';
import { lazyControlApp } from './control/lazy-app.js';
import { closeSecondFactorResources } from './console/second-factor/resources.js';
import { createDigicertApp } from './emulators/digicert/app.js';
import { digicertCaa } from './emulators/digicert/caa.js';
import { regfishCaa } from './emulators/regfish/caa.js';
import { sectigoCaa } from './emulators/sectigo/caa.js';
import type { OperationInfo } from './emulators/operation-router.js';
import { createRegfishApp } from './emulators/regfish/app.js';
import { createSectigoApp } from './emulators/sectigo/app.js';
import { refusalReason } from './emulators/answer-note.js';
import { hostPolicy, vendorHostNames } from './http/host-check.js';
import { guardHost, type HostRefusal } from './http/host-guard.js';
import { listen, type Listener } from './http/listen.js';
import { Journal } from './journal/journal.js';
import { Core } from './state/core.js';
import { lockDataDir, type DataDirLock } from './state/data-dir-lock.js';
import { openDatabase } from './state/db.js';
import { Fixtures } from './state/fixtures.js';
import type { Vendor } from './state/model.js';
import { Rng } from './state/rng.js';
import { Store } from './state/store.js';
import { packageRoot, version } from './version.js';
import { exportCa } from './ca-export.js';
import { KeptClock } from './data-dir/kept-clock.js';
import { KeptScenarioEngine } from './data-dir/kept-scenarios.js';
import { mockCaLog } from './log/error-log.js';
import { requestLogger } from './log/request-log.js';

export interface RunningMockCa {
  urls: Urls;
  /** The address every listener is bound to, as the sockets report it (`0.0.0.0`, `::`, `127.0.0.1` …). */
  boundAddress: string;
  ctx: EmulatorContext;
  operations: Record<Vendor, OperationInfo[]>;
  /** Back to the fixtures (all, or one vendor's); returns how long it took in ms. */
  reset(vendor?: Vendor): number;
  close(): Promise<void>;
  /** With `--tls`: the certificate the listeners present (leaf, then intermediate). */
  serverCertPem?: string;
  /** Each listener's Node server (the in-process benchmark hands requests to their request listener). */
  httpServers: Record<keyof Urls, Server>;
}

const fixturesLoaded = 'fixtures_loaded';

/** A Host the control port does not serve: `{"error":{…}}`, 403. */
const refuseControlHost: HostRefusal = (_request, reason) =>
  Response.json({ error: { code: 'host_not_allowed', message: reason } }, { status: 403, headers: { 'x-mockca-reason': refusalReason(reason)?.header ?? '' } });

/** The named error each vendor answers a Host it does not serve with (inferred: no vendor documents one). */
const hostRefusalErrors: Record<Vendor, string> = { regfish: 'unauthorized', digicert: 'access_denied|missing_permission', sectigo: '-16' };

/** What each vendor answers a request Node refuses before routing: its 413 or 400 error, with Node's status. */
const clientErrorNames: Record<Vendor, Record<number, string>> = {
  regfish: { 431: 'payloadTooLarge', 400: 'invalidRequest' },
  digicert: { 431: 'request_too_large', 400: 'bad_request_format' },
  sectigo: { 431: '-14', 400: '-14' },
};

function vendorClientError(ctx: EmulatorContext, vendor: Vendor): (status: number, reason: string) => Response {
  return (status, reason) => {
    const rendered = ctx.vendorErrors[vendor]?.render(clientErrorNames[vendor][status] ?? clientErrorNames[vendor][400]);
    const headers = { ...(rendered?.headers ?? { 'content-type': 'text/plain; charset=utf-8' }), 'x-mockca-reason': refusalReason(reason)?.header ?? '' };
    return new Response(rendered?.body ?? `${reason}\n`, { status: vendor === 'sectigo' ? 200 : status, headers });
  };
}

const controlClientError = (status: number, reason: string): Response =>
  Response.json({ error: { code: status === 431 ? 'headers_too_large' : 'bad_request', message: reason } }, { status, headers: { 'x-mockca-reason': refusalReason(reason)?.header ?? '' } });

function vendorHostRefusal(ctx: EmulatorContext, vendor: Vendor): HostRefusal {
  return (_request, reason) => {
    const rendered = ctx.vendorErrors[vendor]?.render(hostRefusalErrors[vendor]);
    const headers = { ...(rendered?.headers ?? { 'content-type': 'text/plain; charset=utf-8' }), 'x-mockca-reason': refusalReason(reason)?.header ?? '' };
    return new Response(rendered?.body ?? `${reason}\n`, { status: rendered?.status ?? 403, headers });
  };
}

/**
 * Builds every part from one config and binds the four listeners. A data directory is locked
 * first (before the CA or the store touch it) and stays locked until close().
 */
export async function runMockCa(config: MockCaConfig): Promise<RunningMockCa> {
  const dataDirLock = config.dataDir ? lockDataDir(config.dataDir) : undefined;
  try {
    return await runLocked(config, dataDirLock);
  } catch (e) {
    dataDirLock?.release();
    throw e;
  }
}

async function runLocked(config: MockCaConfig, dataDirLock: DataDirLock | undefined): Promise<RunningMockCa> {
  const clock = new KeptClock();
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
  core.useCaaRules({ regfish: regfishCaa, digicert: digicertCaa, sectigo: sectigoCaa });
  const policyFor = core.policyFor.bind(core);
  // Signed once the control listener is bound, so fixture certificates carry its real CRL/OCSP URLs.
  let fixtures: Fixtures | undefined;
  const urls: Urls = { control: '', regfish: '', digicert: '', sectigo: '' };
  const httpServers = {} as Record<keyof Urls, Server>;
  const vendorErrors: EmulatorContext['vendorErrors'] = {};
  const operations: EmulatorContext['operations'] = {};
  const journal = new Journal(config.journalSize, config.journalBytes);
  const requestLog = requestLogger(config.logLevel, config.logFormat, process.stderr);
  if (requestLog) journal.onRecord(requestLog);
  const log = mockCaLog(config.logLevel, config.logFormat, process.stderr);
  const scenarioDir = config.scenarioDir ?? join(packageRoot, 'scenarios');
  const scenarios = new KeptScenarioEngine({ config, core, store, vendorErrors, operations, journal, scenarioDir });
  const hooks: Hooks = { observe: scenarios.observe, intercept: scenarios.intercept, onUnexpected: log.unexpected };
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
    // A data directory keeps the clock's offset and the scenarios loaded at run time.
    if (config.dataDir) {
      clock.keepIn(store);
      for (const { label, problem } of scenarios.keepIn(store)) log.warn(`scenario ${label} kept in ${config.dataDir} no longer loads, dropped: ${problem}`);
    }
  } catch (e) {
    store.db.close();
    throw e;
  }
  const control = lazyControlApp(ctx, { reset, version, startedAt: Date.now() });

  const tls = config.tls
    ? // Wall time, not the virtual clock: TLS clients check the server certificate against their own clock.
      await ca.serverCertificate(['localhost', ...vendorHostNames], ['127.0.0.1', '::1'], new Date(), new Rng(config.seed ^ 0x7e5).serial())
    : undefined;
  const allowedHost = hostPolicy(config.host, config.allowedHosts);
  const serve = (app: Pick<Hono<any>, 'fetch'>, port: number, refuse: HostRefusal, clientError: (status: number, reason: string) => Response) => // eslint-disable-line @typescript-eslint/no-explicit-any
    listen(guardHost(app.fetch, allowedHost, refuse), { host: config.host, port, tls, clientError });
  const listeners: Listener[] = [];
  try {
    const controlListener = await serve(control, config.controlPort, refuseControlHost, controlClientError);
    listeners.push(controlListener);
    urls.control = controlListener.url;
    httpServers.control = controlListener.server;
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
      const listener = await serve(app, port, vendorHostRefusal(ctx, name), vendorClientError(ctx, name));
      listeners.push(listener);
      urls[name] = listener.url;
      httpServers[name] = listener.server;
    }
    if (config.caExport) exportCa(config.caExport, ca, tls?.cert);
  } catch (e) {
    await Promise.all(listeners.map((l) => l.close()));
    store.db.close();
    throw e;
  }

  let closed = false;
  return {
    boundAddress: listeners[0].address,
    urls,
    httpServers,
    ctx,
    operations: { regfish: regfish.operations, digicert: digicert.operations, sectigo: sectigo.operations },
    reset,
    serverCertPem: tls?.cert,
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.all([...listeners.map((l) => l.close()), closeSecondFactorResources(ctx)]);
      store.db.close();
      dataDirLock?.release();
    },
  };
}

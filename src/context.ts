import type { Context } from 'hono';
import type { LocalCa } from './ca/local-ca.js';
import type { Interceptor, VendorMiddleware } from './emulators/operation-router.js';
import type { Vendor } from './state/model.js';
import type { MockCaConfig } from './config.js';
import type { Clock } from './state/clock.js';
import type { Core } from './state/core.js';
import type { Rng } from './state/rng.js';
import type { Store } from './state/store.js';

export interface Urls {
  control: string;
  regfish: string;
  digicert: string;
  sectigo: string;
}

/** What every app is built from: no globals, so one process can run many emulators. */
export interface EmulatorContext {
  config: MockCaConfig;
  core: Core;
  store: Store;
  clock: Clock;
  rng: Rng;
  ca: LocalCa;
  /** Filled in once the listeners are bound. */
  urls: Urls;
  hooks: Hooks;
  /** Each vendor's error catalogue, rendered exactly as its emulator renders it (used by scenarios). */
  vendorErrors: Partial<Record<Vendor, VendorErrorCatalogue>>;
}

export interface RenderedError {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * A vendor's named errors: `render('409')`, `render('reissueConflict')`, `render('-26', 'autoRevokeCertificate')`.
 * `operation` lets vendors whose codes mean different things per endpoint (Sectigo) pick the right message.
 */
export interface VendorErrorCatalogue {
  names(): string[];
  render(name: string, operation?: string): RenderedError | undefined;
}

/** Where the scenario engine and the log plug into every emulator. */
export interface Hooks {
  /** First middleware of each vendor app: sees every request and its final response. */
  observe(vendor: Vendor): VendorMiddleware;
  /** Runs after routing, before the handler: may answer instead (scenario rules). */
  intercept: Interceptor;
  onUnexpected(err: Error, c: Context): void;
}

import type { Context } from 'hono';
import type { LocalCa } from './ca/local-ca.js';
import type { Interceptor, OperationInfo, RequestObserver } from './emulators/operation-router.js';
import type { Journal } from './journal/journal.js';
import type { ScenarioEngine } from './scenarios/engine.js';
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
  /** Each vendor's operations (filled in once the apps are built): scenarios, journal, contract report, OpenAPI. */
  operations: Partial<Record<Vendor, OperationInfo[]>>;
  /** The scenario engine (rules, hooks, contract tallies). */
  scenarios: ScenarioEngine;
  /** The request journal of every vendor listener. */
  journal: Journal;
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
  /**
   * `request` (optional) describes the request being answered, for vendors whose error shape
   * depends on it: Sectigo renders in the request's `responseFormat` (as sent; null = none sent).
   */
  render(name: string, operation?: string, request?: { responseFormat?: string | null }): RenderedError | undefined;
}

/** Where the scenario engine and the log plug into every emulator. */
export interface Hooks {
  /** Wraps every request of a vendor listener: sees it first and its final response last. */
  observe(vendor: Vendor): RequestObserver;
  /** Runs after routing, before the handler: may answer instead (scenario rules). */
  intercept: Interceptor;
  onUnexpected(err: Error, c: Context): void;
}

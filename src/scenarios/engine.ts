import type { Context } from 'hono';
import { notedAnswer } from '../emulators/answer-note.js';
import { AccountMatcher } from './matchers.js';
import type { MockCaConfig } from '../config.js';
import type { Interceptor, OperationInfo, RequestObserver } from '../emulators/operation-router.js';
import { bodyTextIfRead, readBodyIfRead } from '../http/body.js';
import { requestSlot } from '../http/request-slot.js';
import { requestHeaderSource } from '../http/request-headers.js';
import { responseHeaderSource } from '../http/response-headers.js';
import { ContractReport } from '../journal/contract.js';
import type { Journal } from '../journal/journal.js';
import type { Core } from '../state/core.js';
import type { Account, Order, Vendor } from '../state/model.js';
import { Rng } from '../state/rng.js';
import type { Store } from '../state/store.js';
import { renderError, sleep, type Catalogues } from './actions.js';
import { Effects } from './effects.js';
import { ScenarioLibrary, UnknownScenario } from './library.js';
import { LruCache } from '../lib/lru-cache.js';
import { vendorRefusal } from './refusal.js';
import { RequestView } from './request-view.js';
import { compileRule, Rule, type ScenarioInfo, type ScenarioSource } from './rule.js';
import { parseScenario, ScenarioError, type ScenarioInput, type ScenarioSpec } from './schema.js';
import { classifyError, RouteTable } from './wire.js';

export const scenarioHeader = 'x-mockca-scenario';
/** How many header-selected scenario files stay compiled (the least recently used one goes first). */
export const maxHeaderScenarios = 32;
/** Names one header may list (each is looked up in the folder). */
export const maxHeaderNames = 8;
/** Rules loaded at once, across scenarios: memory stays bounded however many a suite adds. */
export const maxLoadedRules = 10_000;
const maxStoredBody = 64 * 1024;
const clip = (text: string): string => (text.length > maxStoredBody ? `${text.slice(0, maxStoredBody)}…` : text);

export interface EngineDeps {
  config: MockCaConfig;
  core: Core;
  store: Store;
  vendorErrors: Catalogues;
  operations: Partial<Record<Vendor, OperationInfo[]>>;
  journal: Journal;
  scenarioDir: string;
}

export interface LoadedScenario extends ScenarioInfo {
  rules: Rule[];
}

/** What one request collected on its way through the hooks. */
interface RequestState {
  vendor: Vendor;
  view: RequestView;
  startedAt: number;
  /** Wall and virtual time in ms; the journal formats them when read. */
  at: number;
  clock: number;
  operation: string | undefined;
  rules: string[];
  answeredBy: string | null;
  scenario: { id: string; name: string; rule: number } | null;
  fault: string | null;
  releases: (() => void)[];
  /** Effects to apply to orders the handler creates (no id in the request yet). */
  postEffects: { rule: Rule; lastOrderId: number; orderId?: number }[];
  headerScenarios: LoadedScenario[] | Response | undefined;
}

/**
 * The scenario engine: holds the loaded rules (indexed by vendor and operation, so rules that
 * cannot match cost nothing), runs them from the two hooks every vendor app calls, and writes the
 * request journal and the contract tallies.
 */
export class ScenarioEngine {
  readonly library: ScenarioLibrary;
  readonly contract = new ContractReport();
  /** Dedicated generator for probabilities and random delays; restarted by reset(). */
  readonly rng: Rng;
  private readonly effects: Effects;
  private readonly states = requestSlot<RequestState>('mockca.scenarioState');
  private readonly scenarios: LoadedScenario[] = [];
  /** Scenarios compiled for the header, by file: a few most recently used, emptied by reset. */
  private readonly headerScenarios = new LruCache<string, LoadedScenario>(maxHeaderScenarios);
  private readonly routes = new RouteTable();
  private seq = 0;
  private nextId = 1;
  private index = new RuleIndex([]);

  constructor(private readonly deps: EngineDeps) {
    this.library = new ScenarioLibrary(deps.scenarioDir);
    this.rng = new Rng(deps.config.seed ^ 0x5ce7a210);
    this.effects = new Effects(deps.core);
    deps.journal.onRecord((e) => this.contract.observe(e));
  }

  // ---- managing scenarios ------------------------------------------------------------------

  /** Validates and adds one scenario (the shape of a scenario file); returns it with its id. */
  add(input: ScenarioInput | ScenarioSpec | unknown, source: ScenarioSource = 'programmatic', label = 'scenario', file?: string): LoadedScenario {
    const spec = parseScenario(label, input);
    const loadedRules = this.scenarios.reduce((n, s) => n + s.rules.length, 0);
    if (loadedRules + spec.rules.length > maxLoadedRules) {
      throw new ScenarioError(`${label}: ${loadedRules} rules are loaded and at most ${maxLoadedRules} may be; remove scenarios first (DELETE /api/scenarios)`);
    }
    const scenario = this.compile(spec, source, label, file);
    this.scenarios.push(scenario);
    this.reindex();
    return scenario;
  }

  /**
   * Loads a named file from the scenario folder. Only what the operator gives (`--scenario`, the
   * programmatic API) may also be a path; requests (control API, header) name folder files only.
   */
  load(name: string, source: ScenarioSource = 'file'): LoadedScenario {
    const operator = source === 'cli' || source === 'programmatic';
    let loaded;
    if (operator && /[/\\]/.test(name)) loaded = this.library.loadPath(name);
    else {
      try {
        loaded = this.library.load(name);
      } catch (e) {
        // The operator is told where mockca looked; an answer to a request never names a folder.
        if (source === 'cli' && e instanceof UnknownScenario) throw new UnknownScenario(`${e.message} in ${this.library.dir}`);
        throw e;
      }
    }
    const { path: _path, file, ...spec } = loaded;
    return this.add(spec, source, file, file);
  }

  /** Removes a scenario by id, or every scenario of that name; true when something was removed. */
  remove(idOrName: string): boolean {
    const before = this.scenarios.length;
    for (let i = this.scenarios.length - 1; i >= 0; i--) {
      if (this.scenarios[i].id === idOrName || this.scenarios[i].name === idOrName) this.scenarios.splice(i, 1);
    }
    this.reindex();
    return this.scenarios.length !== before;
  }

  /** Sets the counters of one scenario (by id or name) back to zero; false when none is loaded. */
  rearm(idOrName: string): boolean {
    const found = this.scenarios.filter((s) => s.id === idOrName || s.name === idOrName);
    for (const s of found) for (const r of s.rules) r.completion.reset();
    return found.length > 0;
  }

  clear(): void {
    this.scenarios.length = 0;
    this.headerScenarios.clear();
    this.reindex();
  }

  loaded(): readonly LoadedScenario[] {
    return this.scenarios;
  }

  /** Loaded scenarios (with per-rule counters), the files that can be loaded, and header-selected ones. */
  list() {
    const present = (s: LoadedScenario) => ({
      id: s.id,
      name: s.name,
      description: s.description,
      source: s.source,
      file: s.file,
      account: s.account,
      rules: s.rules.map((r) => ({
        rule: r.index,
        explain: r.explain(),
        phase: r.phase,
        completion: r.completion.explain(),
        matched: r.completion.matched,
        used: r.completion.used,
        exhausted: r.completion.exhausted,
      })),
    });
    return {
      loaded: this.scenarios.map(present),
      available: this.library.list().map((f) => ({ name: f.name, description: f.description, file: f.file })),
      selected_by_header: [...this.headerScenarios.values()].map(present),
    };
  }

  /** Counters back to zero and the generator restarted: a run after a reset repeats the run before it. */
  reset(vendor?: Vendor): void {
    const touches = (r: Rule) => !vendor || r.vendor === vendor || r.vendor === undefined;
    for (const s of this.scenarios) for (const r of s.rules) if (touches(r)) r.completion.reset();
    // Header-selected scenarios are compiled again on next use, with fresh counters.
    if (vendor) this.headerScenarios.deleteWhere((s) => s.rules.some(touches));
    else this.headerScenarios.clear();
    this.deps.journal.clear(vendor);
    this.contract.clear(vendor);
    if (!vendor) this.rng.reset();
  }

  private compile(spec: ScenarioSpec, source: ScenarioSource, label: string, file?: string): LoadedScenario {
    const name = spec.name ?? `scenario-${this.nextId}`;
    const info: ScenarioInfo = { id: `sc${this.nextId++}`, name, description: spec.description, source, file, account: spec.account };
    const cx = { catalogues: this.deps.vendorErrors, operations: this.deps.operations };
    const rules = spec.rules.map((r, i) => compileRule(info, i + 1, this.seq++, r, cx, label));
    return { ...info, rules };
  }

  private reindex(): void {
    this.index = new RuleIndex(this.scenarios.flatMap((s) => s.rules));
  }

  // ---- the hooks -----------------------------------------------------------------------------

  /**
   * Wraps every request of a vendor listener: pre-routing rules (and scenarios the request names in
   * its header), then `answer`, then rule effects on what it created, then the journal. Without a
   * pre-routing rule or a header, a request whose answer is ready at once is journaled and
   * answered without a single await.
   */
  observe = (vendor: Vendor): RequestObserver => {
    return (c, answer) => {
      const state: RequestState = {
        vendor,
        view: new RequestView(c, vendor, this.deps.config.maxBodyBytes),
        startedAt: performance.now(),
        at: Date.now(),
        clock: this.deps.core.clock.nowMs(),
        operation: undefined,
        rules: [],
        answeredBy: null,
        scenario: null,
        fault: null,
        releases: [],
        postEffects: [],
        headerScenarios: undefined,
      };
      this.states.set(c.req.raw, state);
      const named = c.req.header(scenarioHeader);
      if (named || this.index.hasPre(vendor)) return this.observeWithRules(c, state, named, answer);
      let res: Response | Promise<Response>;
      try {
        res = answer();
      } catch (e) {
        this.release(state);
        throw e;
      }
      if (res instanceof Promise) {
        return res.then(
          (r) => this.finish(c, state, r),
          (e: unknown) => {
            this.release(state);
            throw e;
          },
        );
      }
      return this.finish(c, state, res);
    };
  };

  private async observeWithRules(c: Context, state: RequestState, named: string | undefined, answer: () => Response | Promise<Response>): Promise<Response> {
    let res: Response;
    try {
      if (named) state.headerScenarios = await this.selectByHeader(named, state);
      let early: Response | undefined;
      if (state.headerScenarios instanceof Response) early = state.headerScenarios;
      else early = await this.run('pre', state);
      res = early ?? (await answer());
    } catch (e) {
      this.release(state);
      throw e;
    }
    return this.finish(c, state, res);
  }

  /** After the answer: effects on the orders it created, the holds released, the journal written. */
  private finish(c: Context, state: RequestState, res: Response): Response | Promise<Response> {
    c.res = res;
    if (state.postEffects.length) {
      return this.applyPostEffects(c, state)
        .finally(() => this.release(state))
        .then(() => this.recorded(c, state));
    }
    this.release(state);
    return this.recorded(c, state);
  }

  private recorded(c: Context, state: RequestState): Response | Promise<Response> {
    const recorded = this.record(c, state);
    return recorded ? recorded.then(() => c.res) : c.res;
  }

  private release(state: RequestState): void {
    for (const release of state.releases) release();
    state.releases.length = 0;
  }

  /** Called by every route after routing, before its handler. */
  intercept: Interceptor = (c, operation) => {
    const state = this.states.get(c.req.raw);
    if (!state) return undefined;
    state.operation = operation;
    state.view.operation = operation;
    state.view.routedBy = c;
    if (!state.headerScenarios && !this.index.hasRouted(state.vendor, operation)) return undefined;
    // Rules for other callers only: nothing to run, and nothing to wait for.
    const found = this.candidatesOf('routed', state);
    if (Array.isArray(found) && found.length === 0) return undefined;
    return this.run('routed', state, found);
  };

  /** The scenarios a request names in its header, or the vendor's own error when one is not a scenario file. */
  private async selectByHeader(value: string, state: RequestState): Promise<LoadedScenario[] | Response> {
    const out: LoadedScenario[] = [];
    const names = [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))];
    if (names.length > maxHeaderNames) return this.refuse(state, `${scenarioHeader}: names ${names.length} scenarios; at most ${maxHeaderNames} per request`);
    let files: ReturnType<ScenarioLibrary['files']> | undefined;
    for (const name of names) {
      // A scenario that is loaded anyway already applies to every request.
      if (this.scenarios.some((s) => s.name === name)) continue;
      files ??= this.library.files();
      const found = this.library.find(name, files);
      if (!found) return this.refuse(state, `${scenarioHeader}: ${this.library.unknown(name, files)}`);
      if (this.scenarios.some((s) => s.file === found.file)) continue;
      let scenario = this.headerScenarios.get(found.file);
      if (!scenario) {
        try {
          scenario = this.compile(this.library.read(found.path, found.file), 'header', found.file, found.file);
          this.headerScenarios.set(found.file, scenario);
        } catch (e) {
          if (e instanceof ScenarioError) return this.refuse(state, `${scenarioHeader}: ${e.message}`);
          throw e;
        }
      }
      out.push(scenario);
    }
    return out;
  }

  /** mockca's own refusal of a request, in the vendor's error shape (Sectigo: in the request's responseFormat). */
  private async refuse(state: RequestState, message: string): Promise<Response> {
    const { view, vendor } = state;
    const operation = this.routes.operationOf(this.deps.operations[vendor] ?? [], view.method, view.path);
    let request: { responseFormat: string | null } | undefined;
    if (vendor === 'sectigo') {
      const body = await view.body();
      request = { responseFormat: view.query('responseFormat') ?? (body.kind === 'form' ? (body.value.responseFormat ?? null) : null) };
    }
    return vendorRefusal(this.deps.vendorErrors, vendor, operation, request ?? {}, message);
  }

  private candidates(phase: 'pre' | 'routed', state: RequestState, credential?: { presented: string | undefined }): Rule[] {
    const indexed =
      phase === 'pre'
        ? this.index.pre(state.vendor)
        : credential
          ? this.index.routedForCredential(state.vendor, state.operation!, credential.presented)
          : this.index.routed(state.vendor, state.operation!, state.view.account);
    const fromHeader = Array.isArray(state.headerScenarios) ? state.headerScenarios.flatMap((s) => s.rules.filter((r) => r.phase === phase)) : [];
    return fromHeader.length ? [...fromHeader, ...indexed] : indexed;
  }

  /**
   * Before authentication (Sectigo's login is in the form), account-limited rules are narrowed by
   * the credential the caller presented, read once, instead of each rule reading it.
   */
  private candidatesOf(phase: 'pre' | 'routed', state: RequestState): Rule[] | Promise<Rule[]> {
    if (phase === 'routed' && !state.view.account && this.index.hasScoped(state.operation!)) {
      return state.view.credential().then((presented) => this.candidates(phase, state, { presented }));
    }
    return this.candidates(phase, state);
  }

  private async run(phase: 'pre' | 'routed', state: RequestState, known?: Rule[] | Promise<Rule[]>): Promise<Response | undefined> {
    const found = known ?? this.candidatesOf(phase, state);
    const candidates = Array.isArray(found) ? found : await found;
    if (!candidates.length) return undefined;
    let delay = 0;
    for (const rule of candidates) {
      if (rule.completion.exhausted) continue;
      const matched = rule.matches(state.view);
      if (!(matched === true || (matched !== false && (await matched)))) continue;
      if (!rule.completion.take(this.rng)) continue;
      if (rule.delay) delay += rule.delay.draw(this.rng);
      let effectNote: string | undefined = '';
      if (rule.effect) effectNote = await this.applyEffect(rule, state);
      // A deferred effect (on the order the handler creates) is journaled once it is applied.
      if (effectNote !== undefined) state.rules.push(`${rule.describe()}${effectNote ? ` [${effectNote}]` : ''}`);
      if (rule.answer) {
        if (delay) await sleep(delay);
        state.answeredBy = `answered by ${rule.describe()}`;
        state.scenario = { id: rule.scenario.id, name: rule.scenario.name, rule: rule.index };
        if (rule.answer.kind === 'fault') state.fault = rule.answer.explain();
        const operation = state.operation ?? this.routes.operationOf(this.deps.operations[state.vendor] ?? [], state.view.method, state.view.path);
        return rule.answer.answer(state.view, operation);
      }
    }
    if (delay) await sleep(delay);
    return undefined;
  }

  private async orderOf(state: RequestState): Promise<Order | undefined> {
    const { store } = this.deps;
    const account = state.view.account;
    for (const id of await state.view.ids()) {
      const order = account ? store.orderByPublicId(account.id, state.vendor, id) : store.orderByVendorId(state.vendor, id);
      if (order) return order;
      const cert = account ? store.certificateByPublicId(account.id, state.vendor, id) : undefined;
      if (cert) return store.order(cert.orderId);
    }
    return undefined;
  }

  private async applyEffect(rule: Rule, state: RequestState): Promise<string | undefined> {
    const order = await this.orderOf(state);
    if (rule.effect === 'pending') {
      if (order) return this.effects.apply('pending', order, (fn) => state.releases.push(fn));
      // A list or status-changes read: hold every order of the caller that has something pending.
      const account = state.view.account;
      if (!account) return 'no order named in the request';
      const held: string[] = [];
      for (const o of this.deps.store.ordersOf(account.id)) {
        if (o.vendor === state.vendor && this.deps.core.certificates(o).some((x) => x.status === 'pending')) {
          await this.effects.apply('pending', o, (fn) => state.releases.push(fn));
          held.push(o.publicId);
        }
      }
      return held.length ? `held ${held.join(', ')} pending` : 'nothing pending to hold';
    }
    const lastOrderId = this.deps.store.ordersPage(null, null, { limit: 1, offset: 0, descending: true }).rows[0]?.id ?? 0;
    if (!order) {
      state.postEffects.push({ rule, lastOrderId });
      return undefined;
    }
    // Reject / issue also catch what the handler adds to the named order (a reissue).
    if (rule.effect === 'reject' || rule.effect === 'issue') state.postEffects.push({ rule, lastOrderId, orderId: order.id });
    return this.effects.apply(rule.effect!, order, (fn) => state.releases.push(fn));
  }

  private async applyPostEffects(c: Context, state: RequestState): Promise<void> {
    const account = state.view.account;
    const { store, core } = this.deps;
    for (const { rule, lastOrderId, orderId } of state.postEffects) {
      const release = (fn: () => void) => state.releases.push(fn);
      if (orderId !== undefined) {
        const named = store.order(orderId);
        if (named && core.certificates(named).some((x) => x.status === 'pending')) state.rules.push(`${rule.describe()} [${await this.effects.apply(rule.effect!, named, release)}]`);
        continue;
      }
      const created = c.res.status >= 400 ? [] : store.ordersPage(account?.id ?? null, state.vendor, { limit: 1000, offset: 0, filters: { idAbove: lastOrderId } }).rows;
      if (!created.length) state.rules.push(`${rule.describe()} [the request created no order]`);
      for (const order of created) state.rules.push(`${rule.describe()} [${await this.effects.apply(rule.effect!, order, release)}]`);
    }
  }

  // ---- the journal ---------------------------------------------------------------------------

  /**
   * Journals the request. Synchronous unless a body has to be awaited: the request body a handler
   * read, or the body of an answer nobody noted (a raw scenario reply, an adapter error).
   */
  private record(c: Context, state: RequestState): void | Promise<void> {
    const readText = bodyTextIfRead(c);
    const read = readText === undefined ? readBodyIfRead(c) : undefined;
    const noted = notedAnswer(c);
    const status = state.fault ? null : c.res.status;
    const unnoted = !noted && status !== null && (status >= 400 || state.vendor === 'sectigo');
    if (!read && !unnoted) {
      this.write(c, state, status, readText === undefined ? null : clip(readText), noted ? clip(noted.body) : null, noted?.reason ?? null, noted?.error);
      return;
    }
    return (async () => {
      const bodyText = read ? await read.then(clip).catch(() => null) : null;
      let responseBody = noted ? clip(noted.body) : null;
      let reason = noted?.reason ?? null;
      if (unnoted) {
        const res = c.res;
        if (Number(res.headers.get('content-length') ?? 0) <= maxStoredBody) {
          responseBody = await res.clone().text().then(clip, () => null);
        }
        reason = res.headers.get('x-mockca-reason');
      }
      this.write(c, state, status, bodyText ?? (readText === undefined ? null : clip(readText)), responseBody, reason, noted?.error);
    })();
  }

  /** `knownError`: the error the emulator noted it answered with (null: none), instead of classifying the body. */
  private write(c: Context, state: RequestState, status: number | null, bodyText: string | null, responseBody: string | null, reason: string | null, knownError?: string | null): void {
    const { vendor } = state;
    const res = c.res;
    const method = c.req.method;
    const path = c.req.path;
    const routed = (c.get('operation') as string | undefined) ?? state.operation;
    const operation = routed ?? this.routes.operationOf(this.deps.operations[vendor] ?? [], method, path) ?? null;
    const account = c.get('account') as Account | undefined;
    let presented = vendor === 'regfish' ? c.req.header('x-api-key') : vendor === 'digicert' ? c.req.header('x-dc-devkey') : c.req.query('loginName');
    if (!presented && account) presented = account.apiKey ?? account.login ?? account.name;
    if (!presented && vendor === 'sectigo' && bodyText) presented = new URLSearchParams(bodyText).get('loginName') ?? undefined;
    const error =
      status === null || !(status >= 400 || vendor === 'sectigo')
        ? null
        : knownError !== undefined && !state.answeredBy
          ? knownError
          : classifyError(this.deps.vendorErrors, vendor, operation ?? undefined, status, responseBody ?? '');
    const q = c.req.url.indexOf('?');
    this.deps.journal.record({
      at: state.at,
      clock: state.clock,
      vendor,
      method,
      path,
      query: q >= 0 ? c.req.url.slice(q + 1) : '',
      operation,
      matched: operation !== null && this.routes.isKnown(this.deps.operations[vendor] ?? [], operation),
      account: presented ?? null,
      status,
      durationMs: Math.round((performance.now() - state.startedAt) * 1000) / 1000,
      error,
      reason,
      answeredBy: state.answeredBy,
      scenario: state.scenario,
      rules: state.rules,
      fault: state.fault,
      request: { headers: requestHeaderSource(c), body: bodyText },
      // The journal keeps the response body of errors; the body of an answer the emulator noted as a success (a Sectigo errorCode >= 0) only reaches the request log.
      response: { headers: responseHeaderSource(res), body: responseBody, passing: knownError === null && !state.answeredBy },
    });
  }


  /** For the docs and the OpenAPI document: what the rule index looks like now. */
  renderError(error: string, operation?: string) {
    return renderError(this.deps.vendorErrors, error, operation);
  }
}

/**
 * Rules by phase, vendor, operation and account: a request only looks at rules that could match it.
 * A rule limited to accounts is filed under each of them, so a hundred rules for other callers cost
 * a request nothing once its caller is known.
 */
class RuleIndex {
  private readonly preByVendor = new Map<Vendor | '*', Rule[]>();
  private readonly byOperation = new Map<string, Rule[]>();
  private readonly byOperationAccount = new Map<string, Rule[]>();
  private readonly scopedByOperation = new Map<string, Rule[]>();
  private readonly routedByVendor = new Map<Vendor | '*', Rule[]>();
  private readonly merged = new Map<string, Rule[]>();

  constructor(rules: Rule[]) {
    const push = <K>(map: Map<K, Rule[]>, key: K, rule: Rule) => {
      const l = map.get(key);
      if (l) l.push(rule);
      else map.set(key, [rule]);
    };
    for (const rule of rules) {
      if (rule.phase === 'pre') push(this.preByVendor, rule.vendor ?? '*', rule);
      else if (rule.operations.length) {
        const scope = rule.matchers.find((m): m is AccountMatcher => m instanceof AccountMatcher);
        for (const op of rule.operations) {
          if (!scope) push(this.byOperation, op, rule);
          else {
            push(this.scopedByOperation, op, rule);
            for (const account of new Set(scope.accounts)) push(this.byOperationAccount, `${op}\u0000${account}`, rule);
          }
        }
      } else push(this.routedByVendor, rule.vendor ?? '*', rule);
    }
  }

  hasPre(vendor: Vendor): boolean {
    return this.preByVendor.has(vendor) || this.preByVendor.has('*');
  }

  hasRouted(vendor: Vendor, operation: string): boolean {
    return this.byOperation.has(operation) || this.scopedByOperation.has(operation) || this.routedByVendor.has(vendor) || this.routedByVendor.has('*');
  }

  pre(vendor: Vendor): Rule[] {
    return this.mergedList(`pre ${vendor}`, () => [this.preByVendor.get(vendor), this.preByVendor.get('*')]);
  }

  /** Without a known caller (auth not run yet) every account-limited rule of the operation is a candidate. */
  routed(vendor: Vendor, operation: string, account?: Account): Rule[] {
    const common = () => [this.byOperation.get(operation), this.routedByVendor.get(vendor), this.routedByVendor.get('*')];
    if (!account) return this.mergedList(`routed ${operation}`, () => [...common(), this.scopedByOperation.get(operation)]);
    return this.mergedList(`routed ${operation} @${account.id}`, () => {
      const names = [account.name, account.apiKey, account.login].filter((n): n is string => n !== null);
      return [...common(), ...names.map((n) => this.byOperationAccount.get(`${operation}\u0000${n}`))];
    });
  }

  /** The lists in order of addition, without repeats (cached per key, built once; the index is rebuilt on every change). */
  private mergedList(key: string, lists: () => (Rule[] | undefined)[]): Rule[] {
    let out = this.merged.get(key);
    if (!out) {
      out = [...new Set(lists().flatMap((l) => l ?? []))].sort((a, b) => a.seq - b.seq);
      this.merged.set(key, out);
    }
    return out;
  }

  hasScoped(operation: string): boolean {
    return this.scopedByOperation.has(operation);
  }

  /**
   * Without a known caller, the rules an AccountMatcher could let through: those that name the
   * presented credential (none when nothing was presented). Cached only for names some rule holds,
   * so callers sending endless different keys add nothing.
   */
  routedForCredential(vendor: Vendor, operation: string, presented: string | undefined): Rule[] {
    const common = () => [this.byOperation.get(operation), this.routedByVendor.get(vendor), this.routedByVendor.get('*')];
    const named = presented === undefined ? undefined : this.byOperationAccount.get(`${operation}\u0000${presented}`);
    if (!named) return this.mergedList(`routed ${vendor} ${operation} unscoped`, common);
    return this.mergedList(`routed ${vendor} ${operation} ?${presented}`, () => [...common(), named]);
  }
}

export { ScenarioError };

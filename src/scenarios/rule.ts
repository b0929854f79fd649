import type { OperationInfo } from '../emulators/operation-router.js';
import { vendors, type Vendor } from '../state/model.js';
import { checkErrorName, compileAnswer, compileDelay, effectWords, splitErrorName, type Answer, type Catalogues, type Delay } from './actions.js';
import { Completion } from './completion.js';
import { compileMatchers, explainMatchers, type Matcher } from './matchers.js';
import type { RequestView } from './request-view.js';
import { compileUserPattern } from './user-pattern.js';
import { ScenarioError, type EffectKind, type RuleSpec } from './schema.js';

/** Where a scenario came from. */
export type ScenarioSource = 'file' | 'cli' | 'api' | 'programmatic' | 'header';

export interface ScenarioInfo {
  id: string;
  name: string;
  description?: string;
  source: ScenarioSource;
  file?: string;
  account?: string;
}

/**
 * One rule: matchers + (delay, effect, answer) + completion. Rules that name an operation, an id or
 * a state effect run after routing (`routed`); the others run before the vendor's auth and routing
 * (`pre`), so outages and network faults hit every request, even unknown routes.
 */
export class Rule {
  readonly phase: 'pre' | 'routed';

  constructor(
    readonly scenario: ScenarioInfo,
    /** 1-based position in its scenario. */
    readonly index: number,
    /** Global order of addition: the earliest added rule wins. */
    readonly seq: number,
    readonly vendor: Vendor | undefined,
    readonly operations: string[],
    readonly matchers: Matcher[],
    readonly completion: Completion,
    readonly answer: Answer | undefined,
    readonly delay: Delay | undefined,
    readonly effect: EffectKind | undefined,
    readonly spec: RuleSpec,
  ) {
    this.phase = operations.length || spec.match.id !== undefined || effect ? 'routed' : 'pre';
  }

  /** Synchronous as long as the matchers answer synchronously: most rules never cost a microtask. */
  matches(req: RequestView): boolean | Promise<boolean> {
    for (let i = 0; i < this.matchers.length; i++) {
      const ok = this.matchers[i].matches(req);
      if (ok === false) return false;
      if (ok !== true) return this.matchRest(req, ok, i + 1);
    }
    return true;
  }

  private async matchRest(req: RequestView, pending: Promise<boolean>, from: number): Promise<boolean> {
    if (!(await pending)) return false;
    for (let i = from; i < this.matchers.length; i++) {
      if (!(await this.matchers[i].matches(req))) return false;
    }
    return true;
  }

  /** "regfish.reissue → regfish:409" */
  explain(): string {
    const does = [this.delay?.explain(), this.effect ? effectWords[this.effect] : undefined, this.answer?.explain()].filter(Boolean).join(', then ');
    return `${explainMatchers(this.matchers)} → ${does}${this.answer ? '' : ' (then the emulator answers)'}`;
  }

  /** "scenario regfish-reissue-conflict, rule 1: regfish.reissue → regfish:409 (once, used 1/1)" */
  describe(): string {
    return `scenario ${this.scenario.name}, rule ${this.index}: ${this.explain()} (${this.completion.explainUse()})`;
  }
}

/** `delay: { fixed: 0 }` (as in the documented example) is no delay at all. */
const hasDelay = (d: RuleSpec['delay']): boolean => d !== undefined && d !== null && d !== 0 && !(typeof d === 'object' && 'fixed' in d && d.fixed === 0);

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function closest(name: string, known: string[]): string | undefined {
  const distance = (a: string, b: string) => {
    const d = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      let prev = d[0];
      d[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const tmp = d[j];
        d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = tmp;
      }
    }
    return d[b.length];
  };
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const dd = distance(name, k);
    if (dd < bestD) [best, bestD] = [k, dd];
  }
  return bestD <= Math.max(3, name.length / 3) ? best : undefined;
}

export interface CompileContext {
  catalogues: Catalogues;
  operations: Partial<Record<Vendor, OperationInfo[]>>;
}

/** Validates a rule against the registered operations and error catalogues, and builds it. */
export function compileRule(scenario: ScenarioInfo, index: number, seq: number, spec: RuleSpec, cx: CompileContext, label: string): Rule {
  const where = (field: string) => `${label}: rule ${index}, field ${field}`;
  const operations = list(spec.match.operation);
  const vendorsSeen = new Set<Vendor>();
  if (spec.match.vendor) vendorsSeen.add(spec.match.vendor);
  for (const op of operations) {
    const vendor = op.slice(0, op.indexOf('.')) as Vendor;
    if (!vendors.includes(vendor)) throw new ScenarioError(`${where('match.operation')}: '${op}' does not start with a vendor (regfish., digicert., sectigo.)`);
    vendorsSeen.add(vendor);
    const known = [...new Set((cx.operations[vendor] ?? []).map((o) => o.operation))];
    if (known.length && !known.includes(op)) {
      const hint = closest(op, known);
      throw new ScenarioError(`${where('match.operation')}: unknown operation '${op}'${hint ? ` (did you mean ${hint}?)` : ''}; ${vendor} has: ${known.join(', ')}`);
    }
  }
  const error = spec.respond && 'error' in spec.respond ? spec.respond.error : undefined;
  if (error) vendorsSeen.add(splitErrorName(error).vendor);
  if (vendorsSeen.size > 1) {
    throw new ScenarioError(`${where(error ? 'respond.error' : 'match')}: the rule mixes vendors (${[...vendorsSeen].join(', ')}); write one rule per vendor`);
  }
  const vendor = [...vendorsSeen][0];
  if (error) {
    try {
      checkErrorName(cx.catalogues, error, operations);
    } catch (e) {
      throw new ScenarioError(`${where('respond.error')}: ${(e as Error).message}`);
    }
  }
  if (spec.match.path) {
    try {
      compileMatchers({ path: spec.match.path }, undefined, undefined);
    } catch (e) {
      throw new ScenarioError(`${where('match.path')}: ${(e as Error).message}`);
    }
  }
  for (const [where_, fields] of [['match.body', spec.match.body], ['match.query', spec.match.query], ['match.headers', spec.match.headers]] as const) {
    for (const [k, p] of Object.entries(fields ?? {})) {
      if (typeof p === 'object' && p.matches !== undefined) {
        try {
          compileUserPattern(p.matches);
        } catch (e) {
          throw new ScenarioError(`${where(`${where_}.${k}.matches`)}: ${(e as Error).message}`);
        }
      }
    }
  }
  const times = spec.once ? 1 : spec.times;
  return new Rule(
    scenario,
    index,
    seq,
    vendor,
    operations,
    compileMatchers(spec.match, vendor, scenario.account),
    new Completion(times, spec.skip ?? 0, spec.probability),
    compileAnswer(cx.catalogues, spec.respond, spec.fault),
    hasDelay(spec.delay) ? compileDelay(spec.delay!) : undefined,
    spec.effect ?? undefined,
    spec,
  );
}

import { ScenarioEngine, type LoadedScenario } from '../scenarios/engine.js';
import type { ScenarioSource } from '../scenarios/rule.js';
import type { Store } from '../state/store.js';

const setting = 'scenarios_kept';

/** A scenario as it was added: enough to add it again after a restart. */
interface KeptScenario {
  input: unknown;
  source: ScenarioSource;
  label: string;
  file?: string;
}

/**
 * The scenario engine of a data directory: every scenario loaded at run time (control API,
 * console, programmatic) is written to the store and loaded again at the next start, after the
 * command line's `--scenario` ones (which come from the command line each time). Rule counters
 * start from zero after a restart.
 */
export class KeptScenarioEngine extends ScenarioEngine {
  private store: Store | undefined;
  private readonly kept = new Map<string, KeptScenario>();

  /**
   * Loads the scenarios kept in `store` and keeps later changes there. Returns the ones that no
   * longer load (an operation or error renamed since), which are dropped.
   */
  keepIn(store: Store): { label: string; problem: string }[] {
    const problems: { label: string; problem: string }[] = [];
    let saved: KeptScenario[] = [];
    try {
      saved = JSON.parse(store.setting(setting) ?? '[]') as KeptScenario[];
    } catch {
      problems.push({ label: setting, problem: 'not readable' });
    }
    for (const k of saved) {
      try {
        this.kept.set(super.add(k.input, k.source, k.label, k.file).id, k);
      } catch (e) {
        problems.push({ label: k.label, problem: (e as Error).message });
      }
    }
    this.store = store;
    if (problems.length) this.save();
    return problems;
  }

  override add(input: unknown, source: ScenarioSource = 'programmatic', label = 'scenario', file?: string): LoadedScenario {
    const scenario = super.add(input, source, label, file);
    if (source !== 'cli' && source !== 'header') {
      this.kept.set(scenario.id, { input, source, label, file });
      this.save();
    }
    return scenario;
  }

  override remove(idOrName: string): boolean {
    const removed = super.remove(idOrName);
    if (removed) {
      const loaded = new Set(this.loaded().map((s) => s.id));
      for (const id of this.kept.keys()) if (!loaded.has(id)) this.kept.delete(id);
      this.save();
    }
    return removed;
  }

  override clear(): void {
    super.clear();
    this.kept.clear();
    this.save();
  }

  private save(): void {
    this.store?.setSetting(setting, JSON.stringify([...this.kept.values()]));
  }
}

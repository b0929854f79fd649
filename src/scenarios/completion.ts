import type { Rng } from '../state/rng.js';

/**
 * Decides whether a rule whose matchers all matched takes this request: skip the first N, then a
 * seeded coin when a probability is set, then stop after `times` uses. Counters restart on reset.
 */
export class Completion {
  /** Requests the matchers accepted. */
  matched = 0;
  /** Requests the rule answered (or affected). */
  used = 0;

  constructor(
    readonly times: number | undefined,
    readonly skip: number,
    readonly probability: number | undefined,
  ) {}

  get exhausted(): boolean {
    return this.times !== undefined && this.used >= this.times;
  }

  take(rng: Rng): boolean {
    if (this.exhausted) return false;
    this.matched++;
    if (this.matched <= this.skip) return false;
    if (this.probability !== undefined && !(rng.next() < this.probability)) return false;
    this.used++;
    return true;
  }

  reset(): void {
    this.matched = 0;
    this.used = 0;
  }

  explain(): string {
    const parts: string[] = [];
    if (this.skip) parts.push(`after the first ${this.skip}`);
    if (this.probability !== undefined) parts.push(`with probability ${this.probability} (seeded)`);
    if (this.times === 1) parts.push('once');
    else if (this.times !== undefined) parts.push(`${this.times} times`);
    else if (!parts.length) parts.push('always');
    return parts.join(', ');
  }

  /** "once, used 1/1", "always, used 3". */
  explainUse(): string {
    return `${this.explain()}, used ${this.used}${this.times !== undefined ? `/${this.times}` : ''}`;
  }
}

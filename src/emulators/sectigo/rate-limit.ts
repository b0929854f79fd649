import type { Clock } from '../../state/clock.js';
import { sectigoInferred } from './inferred.js';

/** Calls per minute per login on the virtual clock (a sliding window); a limit of 0 is off. */
export class RateLimiter {
  private readonly calls = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly limit: () => number,
  ) {}

  /** Counts one call; false when the login is over its limit (the refused call is not counted). */
  take(login: string): boolean {
    const limit = this.limit();
    if (limit <= 0) return true;
    const now = this.clock.nowMs();
    const recent = (this.calls.get(login) ?? []).filter((at) => at > now - sectigoInferred.rateWindowMs && at <= now);
    if (recent.length >= limit) {
      this.calls.set(login, recent);
      return false;
    }
    recent.push(now);
    this.calls.set(login, recent);
    return true;
  }

  clear(): void {
    this.calls.clear();
  }
}

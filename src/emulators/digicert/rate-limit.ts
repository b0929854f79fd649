import type { Clock } from '../../state/clock.js';

/** The documented DigiCert windows, per API key, rolling. */
export const digicertRateLimits = [
  { windowMs: 3 * 60_000, max: 1000 },
  { windowMs: 5_000, max: 100 },
] as const;

const longest = Math.max(...digicertRateLimits.map((l) => l.windowMs));

/**
 * Rolling-window counter on the virtual clock: advancing the clock empties the windows, and
 * hits recorded "in the future" (before a clock reset) are ignored.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly clock: Clock) {}

  /** Counts one request; false (and not counted) when a window is full. */
  take(key: string): boolean {
    const now = this.clock.nowMs();
    const all = (this.hits.get(key) ?? []).filter((t) => t > now - longest && t <= now);
    for (const { windowMs, max } of digicertRateLimits) {
      if (all.filter((t) => t > now - windowMs).length >= max) {
        this.hits.set(key, all);
        return false;
      }
    }
    all.push(now);
    this.hits.set(key, all);
    return true;
  }

  clear(): void {
    this.hits.clear();
  }
}

import type { Clock } from '../state/clock.js';

export interface RateWindow {
  windowMs: number;
  max: number;
}

/**
 * Rolling windows per key on the virtual clock: advancing the clock empties them, and hits recorded
 * "in the future" (before the clock was set back) are ignored. A refused call is not counted.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  /** `windows` is read on every call, so a limit that comes from config can change at run time; none means no limit. */
  constructor(
    private readonly clock: Clock,
    private readonly windows: () => readonly RateWindow[],
  ) {}

  take(key: string): boolean {
    const windows = this.windows();
    if (windows.length === 0) return true;
    const now = this.clock.nowMs();
    const longest = Math.max(...windows.map((w) => w.windowMs));
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - longest && t <= now);
    this.hits.set(key, recent);
    for (const { windowMs, max } of windows) {
      if (recent.filter((t) => t > now - windowMs).length >= max) return false;
    }
    recent.push(now);
    return true;
  }

  clear(): void {
    this.hits.clear();
  }
}

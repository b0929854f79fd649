import type { Clock } from '../state/clock.js';

export interface RateWindow {
  windowMs: number;
  max: number;
}

/**
 * Rolling windows per key on the virtual clock: advancing the clock empties them, and hits recorded
 * "in the future" (before the clock was set back) are ignored. A refused call is not counted.
 * Callers pass keys of known accounts only (after authentication), and a key whose hits have all
 * left every window is forgotten, so the map never holds more keys than there are accounts.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  /** Virtual time of the last sweep for forgotten keys. */
  private sweptAt = -Infinity;

  /** `windows` is read on every call, so a limit that comes from config can change at run time; none means no limit. */
  constructor(
    private readonly clock: Clock,
    private readonly windows: () => readonly RateWindow[],
  ) {}

  take(key: string): boolean {
    const windows = this.windows();
    if (windows.length === 0) {
      if (this.hits.size) this.hits.clear();
      return true;
    }
    const now = this.clock.nowMs();
    const longest = Math.max(...windows.map((w) => w.windowMs));
    this.sweep(now, longest);
    const recent = inWindow(this.hits.get(key), now, longest);
    for (const { windowMs, max } of windows) {
      let n = 0;
      for (const t of recent) if (t > now - windowMs) n++;
      if (n >= max) {
        this.hits.set(key, recent);
        return false;
      }
    }
    recent.push(now);
    this.hits.set(key, recent);
    return true;
  }

  /** Once per longest window (or when the clock went back): drops keys with no hit left in any window. */
  private sweep(now: number, longest: number): void {
    if (now - this.sweptAt < longest && now >= this.sweptAt) return;
    this.sweptAt = now;
    for (const [key, times] of this.hits) {
      const recent = inWindow(times, now, longest);
      if (recent.length) this.hits.set(key, recent);
      else this.hits.delete(key);
    }
  }

  /** How many keys are remembered now. */
  get trackedKeys(): number {
    return this.hits.size;
  }

  clear(): void {
    this.hits.clear();
    this.sweptAt = -Infinity;
  }
}

const inWindow = (times: number[] | undefined, now: number, longest: number): number[] => (times ? times.filter((t) => t > now - longest && t <= now) : []);

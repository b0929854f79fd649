const dayMs = 86_400_000;

/** The last second X.509 can encode (GeneralizedTime has four year digits). */
export const latestX509Ms = Date.UTC(9999, 11, 31, 23, 59, 59);
/** The longest term anything is issued for: a 10-year Sectigo order, with a leap day per year. */
export const longestTermMs = 10 * 366 * dayMs;
/** The clock stays where the longest term issued now still ends before {@link latestX509Ms}. */
export const latestClockMs = latestX509Ms - longestTermMs;
/** UTCTime's first year; the CA certificates themselves start in 2000. */
export const earliestClockMs = Date.UTC(1950, 0, 1);

/** A clock value no certificate could carry: refused, the clock keeps its time. */
export class ClockOutOfRange extends RangeError {}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * The one source of time. Runs with the wall clock, shifted by whatever the control API set or
 * advanced, so expiry and "issued after 10 minutes" can be tested in milliseconds.
 */
export class Clock {
  private offsetMs = 0;

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /** Throws {@link ClockOutOfRange} (and changes nothing) outside 1950 … 9989-12. */
  set(to: Date): void {
    this.offsetMs = checked(to.getTime()) - Date.now();
  }

  /** Throws {@link ClockOutOfRange} (and changes nothing) when the result leaves 1950 … 9989-12. */
  advance(ms: number): void {
    checked(this.nowMs() + ms);
    this.offsetMs += ms;
  }

  /** How far the virtual clock is ahead of the wall clock. */
  get offset(): number {
    return this.offsetMs;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}

function checked(ms: number): number {
  if (Number.isFinite(ms) && ms >= earliestClockMs && ms <= latestClockMs) return ms;
  throw new ClockOutOfRange(
    `the clock must stay between ${iso(earliestClockMs)} and ${iso(latestClockMs)}, so that a ${longestTermMs / dayMs}-day term issued now still ends before ${iso(latestX509Ms)} (the last time X.509 can encode)`,
  );
}

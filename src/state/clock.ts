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

  set(to: Date): void {
    this.offsetMs = to.getTime() - Date.now();
  }

  advance(ms: number): void {
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

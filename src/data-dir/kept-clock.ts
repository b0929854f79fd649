import { Clock } from '../state/clock.js';
import type { Store } from '../state/store.js';

const setting = 'clock_offset_ms';

/**
 * The virtual clock of a data directory: its offset from the wall clock is written to the store
 * on every change and read back at the next start, so a restart keeps "it is 90 days later".
 */
export class KeptClock extends Clock {
  private store: Store | undefined;

  /** Restores the offset kept in `store`, and keeps every later change there. */
  keepIn(store: Store): void {
    const kept = Number(store.setting(setting) ?? 0);
    super.reset();
    if (Number.isFinite(kept) && kept !== 0) super.advance(kept);
    this.store = store;
  }

  override set(to: Date): void {
    super.set(to);
    this.save();
  }

  override advance(ms: number): void {
    super.advance(ms);
    this.save();
  }

  override reset(): void {
    super.reset();
    this.save();
  }

  private save(): void {
    this.store?.setSetting(setting, String(this.offset));
  }
}

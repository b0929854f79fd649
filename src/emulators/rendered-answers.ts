import type { EmulatorContext } from '../context.js';

const utf8 = new TextEncoder();

/**
 * What a read's answer takes from the emulator's clock, as one value: two moments with the same
 * value (and the same stored state) give the same answer. The clock's millisecond is always right;
 * a presenter that only shows the second can say so and be rendered once a second.
 */
export type TimeKey = (now: number) => number | string;

/** The clock's millisecond: for an answer whose every use of the time is not spelled out. */
export const everyMillisecond: TimeKey = (now) => now;

/** The clock's second: for an answer that shows the time to the second at most. */
export const everySecond: TimeKey = (now) => Math.floor(now / 1000);

interface Kept<V> {
  time: number | string;
  /** The clock's millisecond from which the answer may be another one (a refresh would expire its order). */
  until: number;
  value: V;
}

/** When a render started: the store's write count, and its time key then. */
export interface RenderStart {
  generation: number;
  time: number | string;
}

/**
 * The rendered answers of one read, kept only while they cannot change: until the next write to
 * the store (any table: a reset, an order, a DNS record) or until the clock moves past what the
 * answer shows of it (its TimeKey). A client polling an order gets the same bytes without them
 * being presented and serialised again; anything that changes state starts afresh, so an answer
 * is always the one the state and the clock give now. At most `capacity` answers, the oldest go first.
 */
export class RenderedAnswers<V = Uint8Array<ArrayBuffer>> {
  private generation = -1;
  private readonly kept = new Map<string, Kept<V>>();

  constructor(
    private readonly ctx: Pick<EmulatorContext, 'store' | 'clock'>,
    private readonly capacity = 64,
  ) {}

  /** What was kept for `key` if it is still the answer now, and where a render starts otherwise. */
  get(key: string, timeKey: TimeKey): { hit: V } | RenderStart {
    const generation = this.ctx.store.generation;
    const now = this.ctx.clock.nowMs();
    const time = timeKey(now);
    if (generation !== this.generation) {
      this.kept.clear();
      this.generation = generation;
    } else {
      const kept = this.kept.get(key);
      if (kept !== undefined && kept.time === time && now < kept.until) return { hit: kept.value };
    }
    return { generation, time };
  }

  /**
   * Keeps `value`, rendered from `start`, unless a write or the clock came in between (then it is
   * right for that moment, not for later ones). `until`: the clock's millisecond from which it may
   * not be the answer any more, whatever the time key says.
   */
  keep(key: string, value: V, start: RenderStart, timeKey: TimeKey, until = Infinity): void {
    if (this.ctx.store.generation !== start.generation || this.generation !== start.generation) return;
    const now = this.ctx.clock.nowMs();
    if (timeKey(now) !== start.time || now >= until) return;
    this.kept.delete(key);
    if (this.kept.size >= this.capacity) this.kept.delete(this.kept.keys().next().value as string);
    this.kept.set(key, { time: start.time, until, value });
  }
}

/** A JSON read's body as bytes (encoded once, not on every send), rendered by `render` when nothing is kept. */
export function renderedJson(answers: RenderedAnswers, key: string, timeKey: TimeKey, render: () => string): Uint8Array<ArrayBuffer> {
  const found = answers.get(key, timeKey);
  if ('hit' in found) return found.hit;
  const body = utf8.encode(render());
  answers.keep(key, body, found, timeKey);
  return body;
}

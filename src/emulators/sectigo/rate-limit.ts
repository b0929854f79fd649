import type { Clock } from '../../state/clock.js';
import { SlidingWindowLimiter } from '../rate-limiter.js';
import { sectigoInferred } from './inferred.js';

/** Calls per minute per login (`--sectigo-rate-limit`, 0 = off), before -42. */
export const sectigoRateLimiter = (clock: Clock, perMinute: () => number): SlidingWindowLimiter =>
  new SlidingWindowLimiter(clock, () => (perMinute() > 0 ? [{ windowMs: sectigoInferred.rateWindowMs, max: perMinute() }] : []));

import type { Clock } from '../../state/clock.js';
import { SlidingWindowLimiter } from '../rate-limiter.js';

/** The documented DigiCert windows, per API key, rolling. */
export const digicertRateLimits = [
  { windowMs: 3 * 60_000, max: 1000 },
  { windowMs: 5_000, max: 100 },
] as const;

export const digicertRateLimiter = (clock: Clock): SlidingWindowLimiter => new SlidingWindowLimiter(clock, () => digicertRateLimits);

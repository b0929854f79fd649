import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from '../../src/emulators/rate-limiter.js';
import { digicertRateLimiter } from '../../src/emulators/digicert/rate-limit.js';
import { Clock } from '../../src/state/clock.js';
import { startDigicert, type DigicertTestContext } from './digicert/support.js';

describe('the sliding-window limiter forgets what has left every window', () => {
  it('a key whose hits are all outside every window is deleted; the map holds only keys with recent hits', () => {
    const clock = new Clock();
    const limiter = digicertRateLimiter(clock);
    for (let i = 0; i < 5000; i++) expect(limiter.take(`key-${i}`)).toBe(true);
    expect(limiter.trackedKeys).toBe(5000);
    clock.advance(3 * 60_000 + 1);
    expect(limiter.take('key-0')).toBe(true);
    expect(limiter.trackedKeys).toBe(1);
  });

  it('a refused key keeps its window (refusals are not counted), and is forgotten once the window passed', () => {
    const clock = new Clock();
    const limiter = new SlidingWindowLimiter(clock, () => [{ windowMs: 60_000, max: 2 }]);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([true, true, false]);
    clock.advance(60_001);
    expect(limiter.take('b')).toBe(true);
    expect(limiter.trackedKeys).toBe(1);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([true, true, false]);
  });

  it('setting the clock back sweeps too; switching the limit off forgets everything', () => {
    const clock = new Clock();
    let windows = [{ windowMs: 60_000, max: 5 }];
    const limiter = new SlidingWindowLimiter(clock, () => windows);
    clock.advance(10 * 60_000);
    limiter.take('future');
    clock.reset();
    expect(limiter.take('now')).toBe(true);
    expect(limiter.trackedKeys).toBe(1);
    windows = [];
    expect(limiter.take('now')).toBe(true);
    expect(limiter.trackedKeys).toBe(0);
  });
});

describe('DigiCert counts known keys only', () => {
  let t: DigicertTestContext;
  beforeAll(async () => {
    t = await startDigicert({ digicertRateLimit: true });
  });
  afterAll(() => t.mock.close());
  beforeEach(() => t.mock.reset());

  const get = (key: string) => fetch(`${t.mock.urls.digicert}/services/v2/user/me`, { headers: { 'X-DC-DEVKEY': key } });

  it('an unknown key gets the unknown-key answer however often it is sent, never 429: it is not counted', async () => {
    const first = await get('x'.repeat(15_000));
    const refusal = await first.text();
    expect(JSON.parse(refusal).errors[0].code).toMatch(/^access_denied/);
    for (let i = 0; i < 120; i++) {
      const res = await get('x'.repeat(15_000));
      expect(res.status).toBe(first.status);
      expect(await res.text()).toBe(refusal);
    }
  });

  it('distinct unknown keys leave no trace in the store memo either', async () => {
    const before = t.mock.server.ctx.store.memoEntries;
    for (let i = 0; i < 50; i++) expect((await get(`${i}-${'k'.repeat(15_000)}`)).status).not.toBe(429);
    expect(t.mock.server.ctx.store.memoEntries).toBe(before);
  });

  it('a known key is still limited per key: the 101st within 5 s answers 429', async () => {
    for (let i = 0; i < 100; i++) expect((await t.api.get('/user/me')).status).toBe(200);
    expect((await t.api.get('/user/me')).status).toBe(429);
    expect((await t.other.get('/user/me')).status).toBe(200);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { digicertRateLimiter } from '../../../src/emulators/digicert/rate-limit.js';
import { Clock } from '../../../src/state/clock.js';
import { startDigicert, type DigicertTestContext } from './support.js';

let t: DigicertTestContext;
beforeAll(async () => {
  t = await startDigicert({ digicertRateLimit: true });
});
afterAll(() => t.mock.close());
beforeEach(() => t.mock.reset());

const limited = '{"errors":[{"code":"request_limit_exceeded","message":"Service unavailable, please limit request volume"}]}';

async function burst(n: number, key = t.api): Promise<number[]> {
  return (await Promise.all(Array.from({ length: n }, () => key.get('/user/me')))).map((r) => r.status);
}

describe('rate limits (on by default, counted on the virtual clock)', () => {
  it('100 requests within 5 s pass; the 101st answers 429 request_limit_exceeded; another key is not affected', async () => {
    expect(new Set(await burst(100))).toEqual(new Set([200]));
    const res = await t.api.get('/user/me');
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.text).toBe(limited);
    expect((await t.other.get('/user/me')).status).toBe(200);
    t.mock.clock.advance(5_001);
    expect((await t.api.get('/user/me')).status).toBe(200);
  });

  it('1000 requests within 3 minutes pass; the 1001st is refused until the window rolls on (the limiter on a virtual clock)', () => {
    const clock = new Clock();
    const limiter = digicertRateLimiter(clock);
    for (let i = 0; i < 10; i++) {
      for (let j = 0; j < 100; j++) expect(limiter.take('k')).toBe(true);
      expect(limiter.take('k')).toBe(false);
      clock.advance(5_001);
    }
    expect(limiter.take('k')).toBe(false);
    expect(limiter.take('another key')).toBe(true);
    clock.advance(3 * 60_000);
    expect(limiter.take('k')).toBe(true);
    clock.reset();
    limiter.clear();
    expect(limiter.take('k')).toBe(true);
  });
});

describe('reset', () => {
  it('a reset empties the windows', async () => {
    await burst(100);
    expect((await t.api.get('/user/me')).status).toBe(429);
    await t.mock.reset();
    expect((await t.api.get('/user/me')).status).toBe(200);
  });
});

describe('switched off', () => {
  it('config.digicertRateLimit=false lets 120 requests through at once', async () => {
    const off = await startDigicert({ digicertRateLimit: false });
    try {
      expect(new Set(await burst(120, off.api))).toEqual(new Set([200]));
    } finally {
      await off.mock.close();
    }
  });
});

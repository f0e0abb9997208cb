import { RateLimiter } from '../../../src/channels/directline/rateLimiter';

describe('RateLimiter', () => {
  it('allows the limit per key and window, then refuses until the window ends', () => {
    let now = 0;
    const limiter = new RateLimiter({ limit: 2, windowMs: 1000, now: () => now });
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([true, true, false]);
    expect(limiter.take('b')).toBe(true);
    now = 1000;
    expect(limiter.take('a')).toBe(true);
  });

  it('forgets old keys so memory stays bounded', () => {
    let now = 0;
    const limiter = new RateLimiter({ limit: 1, windowMs: 10, now: () => now, maxKeys: 3 });
    for (const key of ['a', 'b', 'c']) limiter.take(key);
    now = 20;
    limiter.take('d');
    // "a" was forgotten with its window, so it starts afresh.
    expect(limiter.take('a')).toBe(true);
  });
});

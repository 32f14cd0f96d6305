import { FixedWindowLimiter } from './rate-limiter';

describe('FixedWindowLimiter', () => {
  it('allows up to the limit in a window, then says how long to wait', () => {
    let now = 0;
    const limiter = new FixedWindowLimiter(60_000, () => now);
    expect([1, 2, 3].map(() => limiter.hit('ip:a', 3))).toEqual([0, 0, 0]);
    now = 15_500;
    expect(limiter.hit('ip:a', 3)).toBe(45);
    expect(limiter.hit('ip:b', 3)).toBe(0);
  });

  it('starts a new window once the old one ends', () => {
    let now = 0;
    const limiter = new FixedWindowLimiter(1000, () => now);
    limiter.hit('k', 1);
    expect(limiter.hit('k', 1)).toBe(1);
    now = 1000;
    expect(limiter.hit('k', 1)).toBe(0);
  });
});

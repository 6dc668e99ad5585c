import { AlertThrottle } from './AlertThrottle';

describe('AlertThrottle', () => {
  it('holds an entity for the cooldown, and all entities to the rate limit', () => {
    const throttle = new AlertThrottle({
      entityCooldownMs: 1000,
      maxAnalyses: 2,
      windowMs: 10_000,
    });
    expect(throttle.take('a', 0)).toBeUndefined();
    expect(throttle.take('a', 500)).toBe('entity-cooldown');
    expect(throttle.take('b', 600)).toBeUndefined();
    expect(throttle.take('c', 700)).toBe('rate-limited');
    expect(throttle.take('a', 1500)).toBe('rate-limited');
    expect(throttle.take('c', 10_001)).toBeUndefined();
  });

  it('gives back a start that did not happen', () => {
    const throttle = new AlertThrottle({
      entityCooldownMs: 1000,
      maxAnalyses: 1,
      windowMs: 10_000,
    });
    expect(throttle.take('a', 5)).toBeUndefined();
    throttle.release('a', 5);
    expect(throttle.take('a', 6)).toBeUndefined();
  });
});

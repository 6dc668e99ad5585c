/** Why an alert's entity gets no analysis now, or undefined when it may get one. */
export type ThrottleReason = 'entity-cooldown' | 'rate-limited';

/**
 * The storm guard: after an alert started an analysis of an entity, other alerts of it start none
 * for `entityCooldownMs`; over all entities, at most `maxAnalyses` start per `windowMs`.
 * In memory, per backend instance: replicas each apply it, and the incident-key dedupe keeps
 * their analyses single.
 */
export class AlertThrottle {
  readonly #o: {
    entityCooldownMs: number;
    maxAnalyses: number;
    windowMs: number;
  };
  readonly #lastStart = new Map<string, number>();
  #starts: number[] = [];

  constructor(o: {
    entityCooldownMs: number;
    maxAnalyses: number;
    windowMs: number;
  }) {
    this.#o = o;
  }

  /** Whether an analysis of `entityRef` may start now (and counts it if so). */
  take(entityRef: string, now = Date.now()): ThrottleReason | undefined {
    const last = this.#lastStart.get(entityRef);
    if (last !== undefined && now - last < this.#o.entityCooldownMs)
      return 'entity-cooldown';
    this.#starts = this.#starts.filter(t => now - t < this.#o.windowMs);
    if (this.#starts.length >= this.#o.maxAnalyses) return 'rate-limited';
    this.#starts.push(now);
    this.#lastStart.set(entityRef, now);
    if (this.#lastStart.size > 10_000) this.#forgetOld(now);
    return undefined;
  }

  /** Gives back what `take` counted, when the analysis was not started after all. */
  release(entityRef: string, now: number): void {
    if (this.#lastStart.get(entityRef) === now)
      this.#lastStart.delete(entityRef);
    const i = this.#starts.lastIndexOf(now);
    if (i >= 0) this.#starts.splice(i, 1);
  }

  #forgetOld(now: number) {
    for (const [ref, t] of this.#lastStart)
      if (now - t >= this.#o.entityCooldownMs) this.#lastStart.delete(ref);
  }
}

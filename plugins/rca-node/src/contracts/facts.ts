/**
 * A typed key into the {@link FactStore}: the source that produces a fact and the rules that read
 * it share the ref, so the type travels with the key instead of a cast at every read.
 */
export interface FactRef<T> {
  readonly id: string;
  /** Carries the type only; never set. */
  readonly $type?: T;
}

export function createFactRef<T>(id: string): FactRef<T> {
  return { id };
}

/** Typed shared state between sources and rules. */
export class FactStore {
  readonly #facts = new Map<string, unknown>();
  set<T>(ref: FactRef<T>, value: T): void {
    this.#facts.set(ref.id, value);
  }
  get<T>(ref: FactRef<T>): T | undefined {
    return this.#facts.get(ref.id) as T | undefined;
  }
}

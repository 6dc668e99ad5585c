import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  isSensitiveKey,
  normaliseKeyName,
  REDACTED,
  redactSecrets,
  SECRET_HINT,
  SENSITIVE_QUERY_PARAM,
} from '@internal/redaction';

/** @public */
export interface RedactorOptions {
  /** More sensitive keys (matched like the built-in ones: normalised, as a suffix). */
  extraKeys?: string[];
  /** More secret-shaped text; every match becomes `[REDACTED]`. */
  extraPatterns?: RegExp[];
  /** Limits that keep a hostile payload from costing more than it is worth. */
  maxDepth?: number;
  maxKeys?: number;
  maxArrayItems?: number;
  maxStringLength?: number;
  /** Objects and arrays visited per call; the rest becomes `[Truncated]`. */
  maxNodes?: number;
}

const KEY_CACHE_LIMIT = 10_000;

/**
 * Removes secrets from anything headed for the audit trail: sensitive keys at any depth (value
 * replaced, key kept) and secret-shaped text in every string. Returns plain JSON data and never
 * throws: cycles, Buffers, throwing getters and huge inputs come out as short markers.
 *
 * @public
 */
export class Redactor {
  readonly #extraSuffixes: string[];
  readonly #extraPatterns: RegExp[];
  readonly #keyCache = new Map<string, boolean>();
  readonly #maxDepth: number;
  readonly #maxKeys: number;
  readonly #maxArrayItems: number;
  readonly #maxStringLength: number;
  readonly #maxNodes: number;

  /** `overrides` tunes the limits for a caller (the root logger keeps long lines whole). */
  static fromConfig(
    config: Config,
    overrides: Omit<RedactorOptions, 'extraKeys' | 'extraPatterns'> = {},
  ): Redactor {
    const extraPatterns = (
      config.getOptionalStringArray('audit.redaction.patterns') ?? []
    ).map((source, i) => {
      try {
        return new RegExp(source, 'g');
      } catch (e) {
        throw new InputError(
          `audit.redaction.patterns[${i}] is not a valid regular expression: ${
            (e as Error).message
          }`,
        );
      }
    });
    return new Redactor({
      ...overrides,
      extraKeys: config.getOptionalStringArray('audit.redaction.keys'),
      extraPatterns,
    });
  }

  constructor(options: RedactorOptions = {}) {
    this.#extraSuffixes = (options.extraKeys ?? [])
      .map(normaliseKeyName)
      .filter(Boolean);
    this.#extraPatterns = (options.extraPatterns ?? []).map(p =>
      p.global ? p : new RegExp(p.source, `${p.flags}g`),
    );
    this.#maxDepth = options.maxDepth ?? 12;
    this.#maxKeys = options.maxKeys ?? 200;
    this.#maxArrayItems = options.maxArrayItems ?? 200;
    this.#maxStringLength = options.maxStringLength ?? 8192;
    this.#maxNodes = options.maxNodes ?? 5000;
  }

  isSensitiveKey(key: string): boolean {
    let hit = this.#keyCache.get(key);
    if (hit === undefined) {
      hit = isSensitiveKey(key, this.#extraSuffixes);
      if (this.#keyCache.size < KEY_CACHE_LIMIT) this.#keyCache.set(key, hit);
    }
    return hit;
  }

  /**
   * False when the built-in patterns cannot match `text`: a single cheap scan that spares most log
   * lines and ids the full expression. Configured extra patterns are not covered.
   */
  mayContainSecret(text: string): boolean {
    return SECRET_HINT.test(text);
  }

  /** Secret-shaped text replaced, the words around it (auth schemes included) kept. */
  redactText(text: string): string {
    let out = redactSecrets(text, [], { keepScheme: true });
    for (const p of this.#extraPatterns) out = out.replace(p, REDACTED);
    return out.length > this.#maxStringLength
      ? `${out.slice(0, this.#maxStringLength)}…[${
          out.length - this.#maxStringLength
        } more characters]`
      : out;
  }

  /** Parsed query parameters: names judged by the stricter query rules (`code`, `sig`…). */
  redactQuery(query: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(query))
      out[this.redactText(k)] =
        SENSITIVE_QUERY_PARAM.test(k) || this.isSensitiveKey(k)
          ? REDACTED
          : this.redact(v);
    return out;
  }

  /** A JSON-safe copy of `value` without secrets. */
  redact(value: unknown): unknown {
    const state = { nodes: 0, seen: new Set<object>() };
    try {
      return this.#walk(value, 0, state);
    } catch {
      // Only reachable through exotic objects (revoked proxies and the like).
      return '[Unredactable]';
    }
  }

  #walk(
    value: unknown,
    depth: number,
    state: { nodes: number; seen: Set<object> },
  ): unknown {
    switch (typeof value) {
      case 'string':
        return this.redactText(value);
      case 'number':
        return Number.isFinite(value) ? value : String(value);
      case 'boolean':
        return value;
      case 'bigint':
        return value.toString();
      case 'object':
        break;
      default:
        return undefined; // undefined, functions, symbols: not data
    }
    if (value === null) return null;
    if (++state.nodes > this.#maxNodes) return '[Truncated]';
    if (depth >= this.#maxDepth) return '[MaxDepth]';
    if (state.seen.has(value)) return '[Circular]';
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer)
      return `[Binary ${value.byteLength} bytes]`;
    if (value instanceof Date)
      return Number.isNaN(value.getTime()) ? null : value.toISOString();
    if (value instanceof URL) return this.redactText(value.href);
    if (value instanceof RegExp) return this.redactText(String(value));

    state.seen.add(value);
    try {
      if (Array.isArray(value) || value instanceof Set) {
        const items = Array.isArray(value) ? value : [...value];
        const n = Math.min(items.length, this.#maxArrayItems);
        const out: unknown[] = new Array(n);
        for (let i = 0; i < n; i++) {
          const item = this.#walk(this.#read(items, i), depth + 1, state);
          out[i] = item === undefined ? null : item;
        }
        if (items.length > n) out.push(`[+${items.length - n} more items]`);
        return out;
      }
      if (value instanceof Map)
        return this.#object(Object.fromEntries(value), depth, state);
      if (value instanceof Error) {
        const e = value as Error & { code?: unknown; status?: unknown };
        return this.#object(
          {
            name: e.name,
            message: e.message,
            ...(e.code !== undefined ? { code: e.code } : {}),
            ...(e.stack ? { stack: e.stack } : {}),
            ...(e.cause !== undefined ? { cause: e.cause } : {}),
          },
          depth,
          state,
        );
      }
      const toJSON = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') {
        const json = toJSON.call(value);
        if (json !== value) return this.#walk(json, depth, state);
      }
      return this.#object(value as Record<string, unknown>, depth, state);
    } finally {
      state.seen.delete(value);
    }
  }

  #object(
    value: Record<string, unknown>,
    depth: number,
    state: { nodes: number; seen: Set<object> },
  ): Record<string, unknown> {
    const keys = Object.keys(value);
    const out: Record<string, unknown> = {};
    const n = Math.min(keys.length, this.#maxKeys);
    for (let i = 0; i < n; i++) {
      const key = keys[i];
      // A secret can be a key too (a map of sessions by token): long keys are scanned.
      const safeKey = key.length > 16 ? this.redactText(key) : key;
      if (this.isSensitiveKey(key)) {
        const raw = this.#read(value, key);
        out[safeKey] =
          raw === null || typeof raw === 'boolean' ? raw : REDACTED;
        continue;
      }
      const v = this.#walk(this.#read(value, key), depth + 1, state);
      if (v !== undefined) out[safeKey] = v;
    }
    if (keys.length > n) out['…'] = `[+${keys.length - n} more keys]`;
    // Name/value pairs ({ name: 'DB_PASSWORD', value: '…' }, header lists): the name decides.
    if ('value' in out && out.value !== null) {
      const name = out.name ?? out.key;
      if (typeof name === 'string' && this.isSensitiveKey(name))
        out.value = REDACTED;
    }
    return out;
  }

  /** Property access that survives throwing getters and proxies. */
  #read(o: any, key: string | number): unknown {
    try {
      return o[key];
    } catch {
      return '[Unreadable]';
    }
  }
}

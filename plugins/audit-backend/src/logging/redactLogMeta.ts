import { REDACTED } from '@internal/redaction';
import type { Redactor } from '../redaction/Redactor';

// Log meta is small and flat in practice; deeper values go through the full (copying) walk.
const MAX_DEPTH = 4;

/**
 * Log fields without secrets: string fields scanned (URL, referrer, user agent…), values of
 * sensitive keys replaced, errors copied with a redacted message and stack. Values with nothing
 * to redact are returned as they are, so the common line allocates nothing.
 */
export function redactLogMeta<T>(redactor: Redactor, meta: T): T {
  return redactValue(redactor, meta, 0) as T;
}

function redactValue(r: Redactor, value: unknown, depth: number): unknown {
  if (typeof value === 'string') return r.redactText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return r.redact(value);
  if (value instanceof Error) return redactError(r, value, depth);
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((item, i) => {
      const clean = redactValue(r, item, depth + 1);
      if (clean !== item) (out ??= [...value])[i] = clean;
    });
    return out ?? value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return r.redact(value);
  return redactFields(r, value as Record<string, unknown>, depth);
}

function redactFields(
  r: Redactor,
  value: Record<string, unknown>,
  depth: number,
): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const [key, v] of Object.entries(value)) {
    const clean =
      r.isSensitiveKey(key) && (typeof v === 'string' || typeof v === 'number')
        ? REDACTED
        : redactValue(r, v, depth + 1);
    if (clean !== v) (out ??= { ...value })[key] = clean;
  }
  return out ?? value;
}

/** An error as winston prints it (message, stack, cause, own fields), secrets removed. */
function redactError(r: Redactor, e: Error, depth: number): Error {
  const message = r.redactText(e.message);
  const stack = e.stack === undefined ? undefined : r.redactText(e.stack);
  const cause = redactValue(r, e.cause, depth + 1);
  const own = { ...e };
  const fields = redactFields(r, own, depth);
  if (
    message === e.message &&
    stack === e.stack &&
    cause === e.cause &&
    fields === own
  )
    return e;
  const copy = Object.assign(new Error(message), fields);
  copy.name = e.name;
  copy.stack = stack;
  if (cause !== undefined) copy.cause = cause;
  return copy;
}

/**
 * Backoff for provider retries. Hand-written rather than p-retry because the wait must honour
 * the provider's Retry-After / rate-limit reset headers and stop at the call's deadline.
 */

/** Full jitter: a random wait in [0, min(cap, base * 2^attempt)). */
export function fullJitterDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random = Math.random,
): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}

/** Parses a duration like `1s`, `6m0s`, `250ms` (OpenAI's x-ratelimit-reset-* format). */
function parseGoDuration(value: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  const unitMs: Record<string, number> = {
    h: 3_600_000,
    m: 60_000,
    s: 1000,
    ms: 1,
  };
  let total = 0;
  let matched = '';
  for (const m of value.matchAll(re)) {
    total += Number(m[1]) * unitMs[m[2]];
    matched += m[0];
  }
  return matched.length === value.length && matched ? total : undefined;
}

/**
 * How long the provider asked us to wait, in ms, from `retry-after-ms`, `Retry-After` (seconds or
 * an HTTP date) or `x-ratelimit-reset-requests`/`-tokens`. Undefined when it did not say.
 */
export function retryAfterMs(
  headers: Headers | undefined,
  now = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const ra = headers.get('retry-after');
  if (ra) {
    if (/^\d+(\.\d+)?$/.test(ra.trim())) return Number(ra) * 1000;
    const date = Date.parse(ra);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const resets = ['x-ratelimit-reset-requests', 'x-ratelimit-reset-tokens']
    .map(h => headers.get(h))
    .map(v => (v ? parseGoDuration(v.trim()) : undefined))
    .filter((v): v is number => v !== undefined);
  return resets.length ? Math.max(...resets) : undefined;
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

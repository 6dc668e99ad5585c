import ms from 'ms';

/** Relative windows offered by the template; the API accepts any duration up to {@link MAX_WINDOW_MS}. */
export const LAST_WINDOW_CHOICES = ['15m', '30m', '1h', '6h', '24h'] as const;

/** @public */
export const MAX_WINDOW_MS = 7 * 24 * 3600_000;

/** @public */
export type AnalysisWindowInput =
  | { from: string; to: string }
  | { last: string };

/** @public */
export interface ResolvedWindow {
  from: string;
  to: string;
}

/**
 * Parses a duration such as `30m`, `1h` or `2d`. Returns undefined for anything else, so callers can
 * name the field at fault.
 *
 * @public
 */
export function parseDuration(value: string): number | undefined {
  if (!/^\s*\d+(\.\d+)?\s*(s|m|h|d)\s*$/i.test(value)) return undefined;
  const parsed = ms(value.trim() as ms.StringValue);
  return typeof parsed === 'number' && parsed > 0 ? parsed : undefined;
}

/**
 * Turns a window into absolute ISO timestamps. Throws a plain Error naming the field; the backend
 * turns it into an InputError.
 *
 * @public
 */
export function resolveWindow(
  window: AnalysisWindowInput,
  now: Date = new Date(),
): ResolvedWindow {
  if ('last' in window) {
    const duration = parseDuration(window.last);
    if (!duration || duration > MAX_WINDOW_MS) {
      throw new Error(
        `window.last: expected a duration such as 15m, 30m, 1h, 6h or 24h (at most 7d), got "${window.last}"`,
      );
    }
    return {
      from: new Date(now.getTime() - duration).toISOString(),
      to: now.toISOString(),
    };
  }
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  if (Number.isNaN(from)) {
    throw new Error(`window.from: not an ISO 8601 timestamp: "${window.from}"`);
  }
  if (Number.isNaN(to)) {
    throw new Error(`window.to: not an ISO 8601 timestamp: "${window.to}"`);
  }
  if (to <= from) {
    throw new Error('window.to: must be later than window.from');
  }
  if (to - from > MAX_WINDOW_MS) {
    throw new Error('window: at most 7 days can be analysed at once');
  }
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

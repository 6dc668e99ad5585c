import ms from 'ms';
import { quoteInput } from './quoteInput';

/** Relative windows offered by the template; the API accepts any duration up to {@link MAX_WINDOW_MS}. */
export const LAST_WINDOW_CHOICES = ['15m', '30m', '1h', '6h', '24h'] as const;

/** Default longest window (7 days). @public */
export const MAX_WINDOW_MS = 7 * 24 * 3600_000;

/** How far a window may start ahead of this clock, for callers whose clocks run ahead. @public */
export const WINDOW_CLOCK_SKEW_MS = 5 * 60_000;

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
 * What {@link resolveWindow} accepts beyond the timestamp format.
 *
 * @public
 */
export interface WindowLimits {
  /** Longest window. Default {@link MAX_WINDOW_MS}. */
  maxWindowMs?: number;
  /** How far back a window may start (the retention of the sources). Default: no limit. */
  maxAgeMs?: number;
  /** Default {@link WINDOW_CLOCK_SKEW_MS}. */
  clockSkewMs?: number;
}

const EXPECTED_TIMESTAMP =
  'an ISO 8601 timestamp with an offset, e.g. 2026-11-23T09:30:00Z or 2026-11-23T11:30:00+02:00';

// Date.parse alone accepts `1`, `Dec 7` and offset-less local times, which each server reads differently.
const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/i;

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
 * Parses an ISO 8601 timestamp that carries its offset (`Z` or `±hh:mm`) into epoch milliseconds.
 * Returns undefined for anything else, including impossible dates such as February 30.
 *
 * @public
 */
export function parseIsoTimestamp(value: string): number | undefined {
  const m = ISO_WITH_OFFSET.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m
    .slice(1, 7)
    .map(v => Number(v ?? 0));
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (
    calendar.getUTCMonth() !== month - 1 ||
    calendar.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return undefined;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** `7d`, `36h` or `90m`: exact, unlike ms(), which rounds 36h to 2d. */
function formatDuration(value: number): string {
  if (value % 86_400_000 === 0) return `${value / 86_400_000}d`;
  if (value % 3_600_000 === 0) return `${value / 3_600_000}h`;
  return `${Math.round(value / 60_000)}m`;
}

function timestamp(field: 'from' | 'to', value: string): number {
  const parsed = parseIsoTimestamp(value);
  if (parsed === undefined)
    throw new Error(
      `window.${field}: expected ${EXPECTED_TIMESTAMP}; got ${quoteInput(
        value,
      )}`,
    );
  return parsed;
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
  limits: WindowLimits = {},
): ResolvedWindow {
  const maxWindowMs = limits.maxWindowMs ?? MAX_WINDOW_MS;
  const longest = formatDuration(maxWindowMs);
  if ('last' in window) {
    const duration = parseDuration(window.last);
    if (!duration || duration > maxWindowMs) {
      throw new Error(
        `window.last: expected a duration such as 15m, 30m, 1h, 6h or 24h (at most ${longest}), got ${quoteInput(
          window.last,
        )}`,
      );
    }
    return {
      from: new Date(now.getTime() - duration).toISOString(),
      to: now.toISOString(),
    };
  }
  const from = timestamp('from', window.from);
  const to = timestamp('to', window.to);
  if (to <= from) {
    throw new Error('window.to: must be later than window.from');
  }
  if (to - from > maxWindowMs) {
    throw new Error(`window: at most ${longest} can be analysed at once`);
  }
  const latest = now.getTime() + (limits.clockSkewMs ?? WINDOW_CLOCK_SKEW_MS);
  if (from > latest) {
    throw new Error(
      `window.from: the window lies in the future (now is ${now.toISOString()})`,
    );
  }
  if (limits.maxAgeMs !== undefined && from < now.getTime() - limits.maxAgeMs) {
    throw new Error(
      `window.from: older than the ${formatDuration(
        limits.maxAgeMs,
      )} of data kept; start at ${new Date(
        now.getTime() - limits.maxAgeMs,
      ).toISOString()} or later`,
    );
  }
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

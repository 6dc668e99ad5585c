/** Labels evidence from before or after the window, so it is never cited as if it were in it. */
export function withPeriod<T extends { timestamp?: string }>(
  e: T,
  window: { from: Date; to: Date },
): T & { period?: 'baseline' | 'after' } {
  if (!e.timestamp) return e;
  const at = Date.parse(e.timestamp);
  if (at < window.from.getTime()) return { ...e, period: 'baseline' };
  if (at > window.to.getTime()) return { ...e, period: 'after' };
  return e;
}

/**
 * Quotes caller input for an error message, cut to `max` characters, so an error body never
 * echoes a long payload back and control characters show escaped.
 *
 * @public
 */
export function quoteInput(value: string, max = 80): string {
  return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value);
}

/**
 * Scrubs secrets out of text that may reach logs or errors: the configured API key and anything
 * shaped like a credential, from the shared catalog in `@internal/redaction`. `redact` keeps its
 * name here: it is this package's public API.
 */
export { redactSecrets as redact } from '@internal/redaction';

export function truncate(text: string, max = 2000): string {
  return text.length <= max
    ? text
    : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

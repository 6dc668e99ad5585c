import { redactSecrets } from './redactSecrets';

/* eslint-disable no-control-regex */
// ANSI CSI/OSC sequences and other C0/C1 control characters (newlines and tabs are kept).
const ANSI =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-_]/g;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
/* eslint-enable no-control-regex */

/**
 * Removes ANSI escapes and control characters and caps the length; untrusted text stays data.
 *
 * @public
 */
export function sanitizeText(text: string, max = 2000): string {
  const clean = String(text).replace(ANSI, '').replace(CONTROL, '');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/**
 * Untrusted text made safe to keep: control characters removed, length capped, secrets redacted.
 *
 * @public
 */
export function cleanText(text: string, max = 2000): string {
  // Redacted before the final cut, so a secret across the cut is still seen whole; the first cut
  // bounds what the patterns scan.
  return sanitizeText(redactSecrets(sanitizeText(text, max * 2)), max);
}

import { redact } from '@internal/llm-client';

/* eslint-disable no-control-regex */
// ANSI CSI/OSC sequences and other C0/C1 control characters (newlines and tabs are kept).
const ANSI =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-_]/g;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
/* eslint-enable no-control-regex */

const EXTRA_PATTERNS: RegExp[] = [
  // URLs with credentials: scheme://user:password@host
  /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+(@)/gi,
  // Private keys
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  // Slack / Stripe-like tokens
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}/g,
];

/** Removes ANSI escapes and control characters and caps the length; untrusted text stays data. */
export function sanitizeText(text: string, max = 2000): string {
  const clean = String(text).replace(ANSI, '').replace(CONTROL, '');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** Untrusted text made safe to keep: control characters removed, length capped, secrets redacted. */
export function cleanText(text: string, max = 2000): string {
  return redactSecrets(sanitizeText(text, max));
}

/**
 * Redacts anything shaped like a credential. Runs on every evidence text, so reports, prompts and
 * API answers never carry one.
 */
export function redactSecrets(
  text: string,
  known: ReadonlyArray<string | undefined> = [],
): string {
  let out = redact(text, known);
  for (const pattern of EXTRA_PATTERNS) {
    out = out.replace(pattern, (_match, prefix?: string, suffix?: string) =>
      typeof prefix === 'string' && typeof suffix === 'string'
        ? `${prefix}[REDACTED]${suffix}`
        : '[REDACTED]',
    );
  }
  return out;
}

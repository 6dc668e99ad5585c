import { redact } from '@internal/llm-client';

/* eslint-disable no-control-regex */
// ANSI CSI/OSC sequences and other C0/C1 control characters (newlines and tabs are kept).
const ANSI =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-_]/g;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
/* eslint-enable no-control-regex */

// On top of the llm-client patterns; at least as strong as the audit Redactor for the formats below
// until both lists move to one package.
const EXTRA_PATTERNS: RegExp[] = [
  // URLs with credentials: scheme://user:password@host
  /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+(@)/gi,
  // Private keys
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  // Slack / Stripe-like tokens
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
  /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}/g,
  // GitHub fine-grained, GitLab, Google API, AWS temporary and npm keys
  /\bgithub_pat_[A-Za-z0-9_]{22,}/g,
  /\bglpat-[A-Za-z0-9_-]{20,}/g,
  /\bAIza[0-9A-Za-z_-]{35}/g,
  /\bASIA[0-9A-Z]{16}\b/g,
  /\bnpm_[A-Za-z0-9]{36}\b/g,
  // A pasted Cookie header: every cookie in it is a credential, so the whole value goes
  /(\b(?:Set-)?Cookie\s*:\s*)[^\r\n]+/gi,
  // name=value / name: value for the names llm-client does not know (sessions, auth headers…)
  /(\b(?:[\w.-]*[_.-])?(?:passwd|pwd|passphrase|access[_-]?key|private[_-]?key|session(?:[_-]?id)?|sid|authorization|cookie|credentials?)["']?\s*[=:]\s*["']?(?:(?:Bearer|Basic|Digest|Token)\s+)?)[^\s"'&,;}\\]+/gi,
];

/** Removes ANSI escapes and control characters and caps the length; untrusted text stays data. */
export function sanitizeText(text: string, max = 2000): string {
  const clean = String(text).replace(ANSI, '').replace(CONTROL, '');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** Untrusted text made safe to keep: control characters removed, length capped, secrets redacted. */
export function cleanText(text: string, max = 2000): string {
  // Redacted before the final cut, so a secret across the cut is still seen whole; the first cut
  // bounds what the patterns scan.
  return sanitizeText(redactSecrets(sanitizeText(text, max * 2)), max);
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
    // Groups are the text kept around the mark; without groups the arguments are numbers.
    out = out.replace(pattern, (_match, prefix?: unknown, suffix?: unknown) =>
      typeof prefix === 'string'
        ? `${prefix}[REDACTED]${typeof suffix === 'string' ? suffix : ''}`
        : '[REDACTED]',
    );
  }
  return out;
}

import { SECRET_PATTERNS } from './secretPatterns';

/** What a secret is replaced with. @public */
export const REDACTED = '[REDACTED]';

/**
 * Every catalog pattern as one alternation, so a text is scanned once. Group names get the index
 * of their pattern (`keep3`), since one regular expression cannot repeat a group name.
 *
 * @public
 */
export const SECRET_TEXT = new RegExp(
  SECRET_PATTERNS.map(
    (p, i) => `(?:${p.source.replace(/\(\?<(keep|scheme)>/g, `(?<$1${i}>`)})`,
  ).join('|'),
  'gi',
);

/**
 * A cheap first look: every pattern needs its hint, so a text matching none of them cannot hold
 * a secret `SECRET_TEXT` would find (most log lines and ids are spared the full expression).
 *
 * @public
 */
export const SECRET_HINT = new RegExp(
  SECRET_PATTERNS.map(p => `(?:${p.hint})`).join('|'),
  'i',
);

/** @public */
export interface RedactSecretsOptions {
  /**
   * Keep the auth scheme of a `name: scheme credential` pair (`Authorization: Bearer [REDACTED]`),
   * as the audit trail does for its readers. By default the whole value goes
   * (`Authorization: [REDACTED]`).
   */
  keepScheme?: boolean;
}

/**
 * Redacts anything shaped like a credential (see `SECRET_PATTERNS`), and the `known` secrets
 * (configured API keys and headers; those shorter than 4 characters are ignored) wherever they
 * appear. The words around a secret (`password=`, `Bearer `, `https://`) stay, so the text still
 * reads.
 *
 * @public
 */
export function redactSecrets(
  text: string,
  known: ReadonlyArray<string | undefined> = [],
  options: RedactSecretsOptions = {},
): string {
  let out = text;
  for (const secret of known) {
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return redactPatterns(out, options.keepScheme ?? false);
}

function redactPatterns(text: string, keepScheme: boolean): string {
  if (!SECRET_HINT.test(text)) return text;
  return text.replace(SECRET_TEXT, (...args: unknown[]) => {
    // Only the groups of the alternative that matched are defined.
    const groups = args[args.length - 1] as Record<string, string | undefined>;
    let keep = '';
    let scheme = '';
    for (const [name, value] of Object.entries(groups)) {
      if (value === undefined) continue;
      if (name.startsWith('keep')) keep = value;
      else if (keepScheme) scheme = value;
    }
    // Kept text is scanned too: a key may sit in a name (`ghp_….token=`).
    return `${redactPatterns(keep, keepScheme)}${scheme}${REDACTED}`;
  });
}

/**
 * What counts as a secret. Keys are compared after lower-casing and dropping everything but
 * letters and digits, so `X-Api-Key`, `api_key` and `apiKey` are one key.
 */

/** A key is sensitive when its normalised form ends with one of these. */
export const SENSITIVE_KEY_SUFFIXES = [
  'authorization',
  'cookie',
  'cookies',
  'token',
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'secrets',
  'apikey',
  'accesskey',
  'privatekey',
  'session',
  'sessionid',
  'credential',
  'credentials',
  'connectionstring',
  'jwt',
];

/** Query parameter names whose values are secrets (OAuth codes and URL signatures included). */
export const SENSITIVE_QUERY_PARAM =
  /password|passwd|pwd|secret|token|key|signature|sig|session|credential|auth|code|jwt/i;

/** Keys sensitive only as a whole word (as a suffix they would catch `oauth`-like names too often). */
export const SENSITIVE_KEYS_EXACT = ['auth', 'dsn'];

const WORDS =
  'password|passwd|pwd|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|session[_-]?id|authorization|cookie|credentials?';

/**
 * Secret-shaped text, one alternation so each string is scanned once. The named group says what
 * matched, and so what to keep around the `[REDACTED]` mark. No alternative may consume a quote or
 * a backslash, so redacting JSON text keeps it valid.
 */
export const SECRET_TEXT = new RegExp(
  [
    // PEM private keys
    String.raw`(?<pem>-----BEGIN [A-Z ]*PRIVATE KEY-----[^"\\]*?-----END [A-Z ]*PRIVATE KEY-----)`,
    // JWTs (header.payload.signature; the signature may be empty for alg "none")
    String.raw`(?<jwt>\beyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*)`,
    // Authorization schemes: keep the scheme name
    String.raw`(?<scheme>\b(?:Bearer|Basic|Token|Digest)\s+)(?=[A-Za-z0-9._~+/=-]*[0-9._~+/=-])[A-Za-z0-9._~+/=-]{6,}`,
    // Credentials in URLs: scheme://user:password@host or scheme://token@host
    String.raw`(?<url>\b[a-z][a-z0-9+.-]{1,20}://)[^\s/?#@"'<>\\]+@`,
    // Query parameters with sensitive names (OAuth codes and signatures included)
    String.raw`(?<query>[?&;][^=&#\s"'\\]*(?:password|passwd|pwd|secret|token|key|signature|sig|session|credential|auth|code|jwt)[^=&#\s"'\\]*=)[^&#\s"'<>\\]+`,
    // name=value / name: value in free text, e.g. in error messages
    String.raw`(?<assign>\b(?:[\w.-]*[_.-])?(?:${WORDS})["']?\s*[=:]\s*["']?(?:(?:Bearer|Basic)\s+)?)[^\s"'&,;}\\]+`,
    // Well-known key formats
    String.raw`(?<key>\b(?:sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,}|(?:AKIA|ASIA)[0-9A-Z]{16}|xox[abposr]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35}|glpat-[A-Za-z0-9_-]{20,}|npm_[A-Za-z0-9]{36}|(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,})\b)`,
  ].join('|'),
  'gi',
);

/**
 * A cheap first look: every alternative of SECRET_TEXT needs one of these words, so text without
 * any of them cannot hold a secret it would find. Keep in step with SECRET_TEXT and WORDS.
 */
export const SECRET_HINT =
  /pass|pwd|secret|token|key|sig|session|credential|auth|code|jwt|cookie|bearer|basic|digest|eyj|:\/\/|sk[-_]|rk_|gh[pousr]_|github_pat|xox|akia|asia|aiza|glpat|npm_/i;

export const REDACTED = '[REDACTED]';

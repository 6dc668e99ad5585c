import { SECRET_QUERY_NAMES } from './secretPatterns';

/*
 * Field names whose value is a secret, for structured data (headers, JSON bodies, log fields).
 * Keys are compared after lower-casing and dropping everything but letters and digits, so
 * `X-Api-Key`, `api_key` and `apiKey` are one key.
 */

/**
 * A key is sensitive when its normalised form ends with one of these.
 *
 * @public
 */
export const SENSITIVE_KEY_SUFFIXES: readonly string[] = [
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

/**
 * Keys sensitive only as a whole word (as a suffix they would catch `oauth`-like names too often).
 *
 * @public
 */
export const SENSITIVE_KEYS_EXACT: readonly string[] = ['auth', 'dsn'];

/**
 * Query parameter names whose values are secrets (OAuth codes and URL signatures included): the
 * same names the `query-parameter` pattern finds in text.
 *
 * @public
 */
export const SENSITIVE_QUERY_PARAM = new RegExp(SECRET_QUERY_NAMES, 'i');

/**
 * `key` lower-cased, with everything but letters and digits dropped.
 *
 * @public
 */
export function normaliseKeyName(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Whether the value of a field named `key` is a secret. `extraSuffixes` are more suffixes,
 * already normalised (`normaliseKeyName`).
 *
 * @public
 */
export function isSensitiveKey(
  key: string,
  extraSuffixes: readonly string[] = [],
): boolean {
  const n = normaliseKeyName(key);
  return (
    SENSITIVE_KEYS_EXACT.includes(n) ||
    SENSITIVE_KEY_SUFFIXES.some(s => n.endsWith(s)) ||
    extraSuffixes.some(s => n.endsWith(s))
  );
}

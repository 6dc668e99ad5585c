/**
 * The one catalog of secret patterns, and the text helpers built on it, for browser and Node.
 *
 * @packageDocumentation
 */
export { SECRET_PATTERNS, type SecretPattern } from './secretPatterns';
export {
  REDACTED,
  SECRET_HINT,
  SECRET_TEXT,
  redactSecrets,
  type RedactSecretsOptions,
} from './redactSecrets';
export { cleanText, sanitizeText } from './cleanText';
export {
  SENSITIVE_KEY_SUFFIXES,
  SENSITIVE_KEYS_EXACT,
  SENSITIVE_QUERY_PARAM,
  isSensitiveKey,
  normaliseKeyName,
} from './sensitiveKeys';

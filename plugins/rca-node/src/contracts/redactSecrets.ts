/*
 * The text helpers every evidence, report and prompt text goes through. They live with the one
 * secret-pattern catalog in `@internal/redaction`; re-exported here so rca-node imports them from
 * its contracts layer as before.
 */
export { cleanText, redactSecrets, sanitizeText } from '@internal/redaction';

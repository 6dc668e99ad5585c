/**
 * The keys of a structured line (JSON, logfmt, klog `key="value"`) whose values name the event:
 * the message, the level, the logger and the error. Every other key's value is a parameter.
 */
export interface EventKeys {
  /** Message fields, templated word by word. Default `msg`, `message`, `log`. */
  message: string[];
  /** Fields kept whole as part of the template: level and logger. */
  constant: string[];
  /** Error fields: their text is templated, like a message. */
  error: string[];
  /** Inside an error object (or a key=value line), fields kept whole: the error class. */
  errorClass: string[];
}

export const DEFAULT_EVENT_KEYS: EventKeys = {
  message: ['msg', 'message', 'log'],
  constant: ['level', 'lvl', 'severity', 'logger', 'component'],
  error: ['err', 'error', 'output'],
  errorClass: [
    'type',
    'kind',
    'reason',
    'code',
    'errno',
    'syscall',
    'statusCode',
  ],
};

/** What to do with a key's value. */
export type KeyRole = 'message' | 'constant' | 'error' | 'errorClass';

export function keyRoles(keys: EventKeys): Map<string, KeyRole> {
  const roles = new Map<string, KeyRole>();
  for (const k of keys.errorClass) roles.set(k, 'errorClass');
  for (const k of keys.constant) roles.set(k, 'constant');
  for (const k of keys.error) roles.set(k, 'error');
  for (const k of keys.message) roles.set(k, 'message');
  return roles;
}

import type { EventText } from './event';
import type { KeyRole } from './eventKeys';

/**
 * The event of a JSON log line (zap, logrus, pino, bunyan, ...), as text for the miner: one token
 * naming the key structure (key names, order and nesting are constant), then the level, logger
 * and error-class values, then the message and error texts, whose own variables the miner finds.
 * Every other value is a parameter and is left out. Undefined when the line is not a JSON object.
 */
export function jsonEvent(
  line: string,
  roles: Map<string, KeyRole>,
): EventText | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  const out: Parts = { shape: [], head: [], message: [], text: [] };
  walk(value, roles, false, out);
  return {
    key: `${out.shape.join('').replace(/\s/g, '_')} ${out.head.join(' ')}`,
    message: out.message.join(' '),
    text: out.text.join(' '),
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface Parts {
  /** Key names, order and nesting. */
  shape: string[];
  /** Level, logger, error class. */
  head: string[];
  message: string[];
  /** Error texts. */
  text: string[];
}

function walk(
  obj: Record<string, unknown>,
  roles: Map<string, KeyRole>,
  inError: boolean,
  out: Parts,
): void {
  const shape = out.shape;
  shape.push('{');
  let first = true;
  for (const key of Object.keys(obj)) {
    if (!first) shape.push(',');
    first = false;
    shape.push(key);
    const v = obj[key];
    const role = roles.get(key);
    if (isObject(v)) {
      // An error object's type, code and message are the event; any other object is structure.
      walk(v, roles, inError || role === 'error', out);
    } else if (role !== undefined && v !== null && typeof v !== 'object') {
      // An error's `message` inside an error object is templated like the line's message.
      if (role === 'message' && !inError) out.message.push(String(v));
      else if (role === 'message' || role === 'error')
        out.text.push(`${key}:`, String(v));
      else if (role === 'constant' || inError) out.head.push(`${key}=${v}`);
    }
  }
  shape.push('}');
}

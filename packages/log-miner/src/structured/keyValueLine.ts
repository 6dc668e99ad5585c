import type { EventText } from './event';
import type { KeyRole } from './eventKeys';

interface Field {
  /** The key of a `key=value` field; undefined for a bare word or a quoted string. */
  key?: string;
  /** The field as written (for a key=value field, the value only). */
  raw: string;
  quoted: boolean;
}

function isKeyStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Letters, digits, `_`, `.`, `-`, `/`. */
function isKeyChar(c: number): boolean {
  return (
    isKeyStart(c) || (c >= 48 && c <= 57) || c === 46 || c === 45 || c === 47
  );
}

/** The end of a quoted string starting at `i` (a quote), past its closing quote. */
function quotedEnd(line: string, i: number): number {
  for (let j = i + 1; j < line.length; j++) {
    const c = line[j];
    if (c === '\\') j++;
    else if (c === '"') return j + 1;
  }
  return line.length;
}

/** The end of a `[...]` or `{...}` value starting at `i`, quotes inside respected. */
function bracketEnd(line: string, i: number): number {
  let depth = 0;
  for (let j = i; j < line.length; j++) {
    const c = line[j];
    if (c === '"') j = quotedEnd(line, j) - 1;
    else if (c === '[' || c === '{') depth++;
    else if ((c === ']' || c === '}') && --depth === 0) return j + 1;
  }
  return line.length;
}

function valueEnd(line: string, i: number): number {
  const c = line[i];
  if (c === '"') return quotedEnd(line, i);
  if (c === '[' || c === '{') return bracketEnd(line, i);
  let j = i;
  while (j < line.length && line[j] !== ' ' && line[j] !== '\t') j++;
  return j;
}

/** Splits a line into bare words, quoted strings and `key=value` fields (logfmt quoting). */
function fields(line: string): Field[] {
  const out: Field[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] === ' ' || line[i] === '\t') {
      i++;
      continue;
    }
    if (line[i] === '"') {
      const end = quotedEnd(line, i);
      out.push({ raw: line.slice(i, end), quoted: true });
      i = end;
      continue;
    }
    let k = i;
    if (isKeyStart(line.charCodeAt(k)))
      while (k < line.length && isKeyChar(line.charCodeAt(k))) k++;
    if (k > i && line[k] === '=') {
      const end = valueEnd(line, k + 1);
      const raw = line.slice(k + 1, end);
      out.push({ key: line.slice(i, k), raw, quoted: raw[0] === '"' });
      i = end;
      continue;
    }
    const end = valueEnd(line, i);
    out.push({ raw: line.slice(i, end), quoted: false });
    i = Math.max(end, i + 1);
  }
  return out;
}

function unquote(raw: string): string {
  return raw.length >= 2 && raw[0] === '"' && raw[raw.length - 1] === '"'
    ? raw.slice(1, -1)
    : raw;
}

type Mode = 'message' | 'prose';

/** Pairs that make a prose line key=value shaped. */
const PROSE_PAIRS = 2;

/**
 * `message`: a message key, or a quoted message followed only by pairs (klog). `prose`: several
 * pairs in a prose line (`user=app database=orders host=…`), whose values are values too.
 */
function modeOf(all: Field[], roles: Map<string, KeyRole>): Mode | undefined {
  let pairs = 0;
  for (let i = 0; i < all.length; i++) {
    const f = all[i];
    if (f.key !== undefined) {
      pairs++;
      if (roles.get(f.key) === 'message') return 'message';
    } else if (f.quoted && i + 1 < all.length) {
      if (all.slice(i + 1).every(g => g.key !== undefined)) return 'message';
    }
  }
  return pairs >= PROSE_PAIRS ? 'prose' : undefined;
}

/**
 * The event of a key=value line (logfmt: Go slog, go-kit, logrus text; klog's `"message"
 * key="value"`; pairs in prose): the key names and the level, logger and error-class values are
 * the key; the message and error texts are templated by the miner; every other value is a
 * parameter. In prose, a bare word after a pair is taken as part of its (unquoted) value.
 * Undefined for a line with fewer pairs and no message.
 */
export function keyValueEvent(
  line: string,
  roles: Map<string, KeyRole>,
): EventText | undefined {
  const all = fields(line);
  const mode = modeOf(all, roles);
  if (!mode) return undefined;
  const head: string[] = [];
  const message: string[] = [];
  const text: string[] = [];
  let quotedMessage = mode === 'prose';
  let seenPair = false;
  for (const f of all) {
    if (f.key === undefined) {
      // klog's quoted message is the first quoted string; other bare words are the line's prefix.
      if (f.quoted && !quotedMessage) {
        quotedMessage = true;
        message.push(unquote(f.raw));
      } else if (!(mode === 'prose' && seenPair)) text.push(f.raw);
      continue;
    }
    seenPair = true;
    const role = roles.get(f.key);
    if (role === 'message') message.push(unquote(f.raw));
    else if (role === 'error') text.push(`${f.key}:`, unquote(f.raw));
    else if (role !== undefined) head.push(`${f.key}=${unquote(f.raw)}`);
    else head.push(`${f.key}=`);
  }
  return {
    key: head.join(' '),
    ...(mode === 'message' ? { message: message.join(' ') } : {}),
    text: text.join(' '),
  };
}

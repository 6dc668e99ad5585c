/** What a variable part of a line is replaced with, in tokens and templates. */
export const PARAM = '<*>';

/**
 * A masking rule applied to whole lines before tokenization. `test` is a cheap substring check that
 * skips the regular expression for lines that cannot match, which keeps masking off the hot path.
 */
export interface LineMask {
  name: string;
  pattern: RegExp;
  /** Skip the pattern unless the line contains this string (or matches this cheaper pattern). */
  test?: string | RegExp;
}

/**
 * The default line masks: values that span several tokens or sit inside punctuation. Token-level
 * rules (anything holding a digit, host names, paths) are cheaper and live in `maskToken`.
 */
export const DEFAULT_LINE_MASKS: LineMask[] = [
  { name: 'url', pattern: /\b[a-zA-Z][\w+.-]*:\/\/[^\s"'<>]+/g, test: '://' },
  // A quoted single word is a value (`tag="x"`); a quoted phrase is usually message text.
  { name: 'double-quoted', pattern: /"[^"\s]{1,300}"/g, test: '"' },
  {
    name: 'single-quoted',
    pattern: /(?<![\w])'[^'\s]{1,300}'(?![\w])/g,
    test: "'",
  },
  // An SQL statement logged by a database or a driver is one value, to the end of its line.
  {
    name: 'sql',
    test: /\b(?:select|insert|update|delete)\b/i,
    pattern:
      /\b(?:select\s.*?\sfrom|insert\s+into|update\s+\S+\s+set|delete\s+from)\s[^\n]*/gi,
  },
  // "<1 sec", "2.5 ms", "16.0 KB": a number and its unit are one value.
  {
    name: 'quantity',
    test: /\d/,
    pattern:
      /[<>~]?\b\d+(?:\.\d+)?\s?(?:ns|us|µs|ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?|[KMGTP]i?B|B|bytes)\b/g,
  },
];

/** Lower-case dotted names (`db.prod.example.com:5432`); `android.intent.action.SCREEN_ON` is a constant. */
const HOST_NAME = /^[a-z][a-z0-9-]*(?:\.[a-z0-9-]+){2,}(?::\w+)?$/;
const PATH = /^(?:[a-zA-Z]:)?(?:[/\\][^/\\\s]+){2,}[/\\]?$/;
const CALENDAR = new Set(
  'Mon Tue Wed Thu Fri Sat Sun Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(
    ' ',
  ),
);
/** A word with a short version-like suffix (`SOCKS5`, `ssh2`, `utf8`) is a constant, not an id. */
const HEX = /^[a-fA-F]+$/;
const HEX_DIGITS = /^[0-9a-fA-F]+$/;
const WORD_WITH_SUFFIX = /^[A-Za-z]{2,}\d{1,2}$/;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAlnum(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** True when an alphanumeric run holds a value: a number, a hex or mixed id. */
function isVariableSegment(token: string, from: number, to: number): boolean {
  let digits = 0;
  for (let i = from; i < to; i++) if (isDigit(token.charCodeAt(i))) digits++;
  if (digits === 0) return to - from >= 8 && HEX.test(token.slice(from, to));
  if (digits === to - from) return true;
  // A hex run with a digit is an id (`cfaaec81`), even where it looks like a word with a suffix.
  if (to - from >= 6 && HEX_DIGITS.test(token.slice(from, to))) return true;
  return !WORD_WITH_SUFFIX.test(token.slice(from, to));
}

function isVariableCore(core: string): boolean {
  if (core === '' || core === PARAM) return core === PARAM;
  let from = -1;
  for (let i = 0; i <= core.length; i++) {
    const alnum = i < core.length && isAlnum(core.charCodeAt(i));
    if (alnum && from < 0) from = i;
    else if (!alnum && from >= 0) {
      if (isVariableSegment(core, from, i)) return true;
      from = -1;
    }
  }
  if (CALENDAR.has(core)) return true;
  if (core.length > 4 && HOST_NAME.test(core)) return true;
  return core.length > 3 && PATH.test(core);
}

/** `key=value` and `key:value`: the key is kept, the value classified. */
const KEY_VALUE = /^([A-Za-z_][\w-]*:|[A-Za-z_][\w.-]*=)(.+)$/s;
const BRACKETED = /^([A-Za-z][\w.-]*)\[([^\][]+)\](\W*)$/;
const EDGE = /^([[({<"',;:]*)(.*?)([\])}>"',;:.]*)$/s;

/**
 * Classifies one token. Surrounding punctuation is kept, so `(10.0.0.1)`, `[12]` and `42,` become
 * `(<*>)`, `[<*>]` and `<*>,`; a token is variable when any alphanumeric run in it is a number or
 * an id, or it is a host name, a path, or a weekday or month name.
 */
export function maskToken(token: string): string {
  const kv = KEY_VALUE.exec(token);
  if (kv) {
    const value = maskValue(kv[2]);
    return value === kv[2] ? token : kv[1] + value;
  }
  return maskValue(token);
}

function maskValue(token: string): string {
  // `outbound|8080||cart.shop.svc`: each `|` field is a value or not on its own.
  if (token.length > 1 && token.includes('|'))
    return token.split('|').map(maskValue).join('|');
  // `send_digest[3f2c…]`, `kubelet[1185]:`: a name with its id in brackets keeps the name.
  const b = BRACKETED.exec(token);
  if (b && !isVariableCore(b[1])) return `${b[1]}[${maskValue(b[2])}]${b[3]}`;
  if (isVariableCore(token)) return PARAM;
  const m = EDGE.exec(token);
  if (!m || (!m[1] && !m[3])) return token;
  return isVariableCore(m[2]) ? `${m[1]}${PARAM}${m[3]}` : token;
}

export function applyLineMasks(line: string, masks: LineMask[]): string {
  let out = line;
  for (const m of masks) {
    if (typeof m.test === 'string' && !out.includes(m.test)) continue;
    if (m.test instanceof RegExp && !m.test.test(out)) continue;
    m.pattern.lastIndex = 0;
    out = out.replace(m.pattern, PARAM);
  }
  return out;
}

import { PARAM } from '../masking';

const REQUEST =
  /"?\b(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS|CONNECT|TRACE)\s+"?(\/[^\s"]*)(?:\s+HTTP\/[\d.]+)?"?/;
/** Common Log Format: the status follows the request field (Envoy writes `0` for no response). */
const STATUS_AFTER = /^\s+(?:([1-5])\d\d|0)(?=\s|$)/;
/** Gin and similar column layouts: the status in its own `| 200 |` column before the request. */
const STATUS_COLUMN = /\|\s*([1-5])\d\d\s*\|/;
const CLASS: Record<string, string> = {
  '1': '1xx',
  '2': '2xx',
  '3': '3xx',
  '4': '4xx',
  '5': '5xx',
};
const QUOTED = /"[^"]*"/g;
const SPACE = /\s/;

/**
 * A path segment holding an id: one of its `.`, `-` or `_` separated pieces is a number, a hex run
 * of 6+ with a digit, or a token of 5+ characters with a digit (`SKU-E46A6E`, `main.3f9a1c2e.js`,
 * `228x228`); `v1` and `inventory.v1.InventoryService` are route words.
 */
function isIdSegment(s: string): boolean {
  return s.split(/[.\-_~]/).some(isIdPiece);
}

function isIdPiece(p: string): boolean {
  let digits = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  if (digits === 0) return false;
  return digits === p.length || p.length >= 5 || /^[0-9a-f]{6,}$/i.test(p);
}

/** The route of a request path: segments holding ids become parameters; of the query, the names. */
export function route(path: string): string {
  const q = path.indexOf('?');
  const segments = (q < 0 ? path : path.slice(0, q))
    .split('/')
    .map(s => (isIdSegment(s) ? PARAM : s))
    .join('/');
  if (q < 0) return segments;
  const query = path
    .slice(q + 1)
    .split('&')
    .map(kv => kv.split('=')[0])
    .join('&');
  return `${segments}?${query}`;
}

/**
 * An HTTP access line (nginx, Apache, Envoy, Gin, gunicorn: a `METHOD /path` request with the
 * status right after it, or in a `| 200 |` column) as its event: method, route and status
 * class (`5xx`: a 500 and a 503 are one event, a 200 is another); multi-word quoted fields (user
 * agent, referrer) are parameters. The event is returned as one key token, which the miner does not
 * mask, and the rest of the line as text. Undefined for any other line.
 */
export function accessEvent(
  line: string,
): { key: string; text: string } | undefined {
  const m = REQUEST.exec(line);
  if (!m) return undefined;
  const before = line.slice(0, m.index);
  const after = line.slice(m.index + m[0].length);
  let status: string | undefined;
  let a = after;
  const clf = STATUS_AFTER.exec(after);
  if (clf) {
    status = clf[1] ? CLASS[clf[1]] : '0';
    a = ` ${PARAM}${after.slice(clf[0].length)}`;
  } else {
    const column = STATUS_COLUMN.exec(before);
    if (!column) return undefined;
    status = CLASS[column[1]];
  }
  // What precedes the request is the client, user and time (Gin: time, latency, client): values.
  const text = a.replace(QUOTED, q => (SPACE.test(q) ? PARAM : q));
  // The layout (how many fields follow the request) tells one access-log format from another.
  const fields = text.trim().split(/\s+/).length;
  return { key: `${m[1]}_${route(m[2])}_${status}_${fields}`, text };
}

import {
  e,
  Entry,
  Freq,
  PARAM,
  Param,
  t,
  TemplateSpec,
  withHeader,
} from '../model';
import * as ts from '../time';
import { int } from '../values';

// Shared by several formats: HTTP status classes, klog headers, key=value and JSON helpers.

/**
 * Status codes inside each class. The CLASS is part of the event (a 5xx line is not the same
 * event as a 2xx line for the same route); the exact code inside the class is a parameter, so a
 * status is written `5<*>` in a template.
 */
export const STATUS_CODES: Record<number, [string, number][]> = {
  2: [
    ['200', 90],
    ['201', 4],
    ['204', 6],
  ],
  3: [
    ['304', 70],
    ['302', 20],
    ['301', 10],
  ],
  4: [
    ['404', 40],
    ['400', 20],
    ['401', 15],
    ['403', 6],
    ['409', 5],
    ['422', 7],
    ['429', 4],
    ['499', 3],
  ],
  5: [
    ['500', 30],
    ['502', 25],
    ['503', 30],
    ['504', 15],
  ],
};

export type StatusClass = 2 | 3 | 4 | 5;

/** The code drawn for this record (kept, so `$status` and `$upstream_status` agree). */
export const statusCode =
  (cls: StatusClass, codes?: [string, number][]): Param =>
  g =>
    g.keep('status', () => g.r.weighted(codes ?? STATUS_CODES[cls]));

/** The digits after the class digit: the `<*>` of `5<*>`. */
export const statusTail =
  (cls: StatusClass, codes?: [string, number][]): Param =>
  g =>
    statusCode(cls, codes)(g).slice(1);

/** One access-log route: a method, a path template (ids are `<*>`), a backend, and how often each status class occurs. */
export interface Route {
  readonly method: string;
  readonly path: string;
  readonly pathParams: readonly Param[];
  readonly backend: string;
  readonly classes: Partial<Record<StatusClass, Freq>>;
  /** Codes inside a class when they differ from STATUS_CODES (e.g. 401 on login). */
  readonly codes?: Partial<Record<StatusClass, [string, number][]>>;
}

export function route(
  method: string,
  path: string,
  pathParams: readonly Param[],
  backend: string,
  classes: Partial<Record<StatusClass, Freq>>,
  codes?: Partial<Record<StatusClass, [string, number][]>>,
): Route {
  return { method, path, pathParams, backend, classes, codes };
}

/** One table row per (route, status class). */
export function accessEntries(
  routes: readonly Route[],
  line: (rt: Route, cls: StatusClass) => TemplateSpec,
): Entry[] {
  return routes.flatMap(rt =>
    (Object.keys(rt.classes) as unknown as StatusClass[]).map(k => {
      const cls = Number(k) as StatusClass;
      return e(rt.classes[cls]!, line(rt, cls));
    }),
  );
}

// ---- the key=value / JSON convention ---------------------------------------------------------

/**
 * Keys whose values are part of the event in key=value and JSON lines: the message, the level,
 * the logger, the error (and a failed probe's output). Every other key's value is a parameter.
 */
export const EVENT_KEYS: ReadonlySet<string> = new Set([
  'msg',
  'message',
  'level',
  'logger',
  'component',
  'name',
  'err',
  'error',
  'output',
]);

/** Inside an error object (`"err":{…}`), these fields are part of the event too. */
const ERROR_FIELDS: ReadonlySet<string> = new Set([
  'type',
  'message',
  'code',
  'errno',
  'syscall',
  'name',
  'statusCode',
]);

/** The end of a key=value value starting at `i`: a Go-quoted string, or a run of non-spaces. */
function valueEnd(text: string, i: number): number {
  if (text[i] !== '"') {
    let end = i;
    while (end < text.length && !/\s/.test(text[end])) end++;
    return end;
  }
  let end = i + 1;
  while (end < text.length && text[end] !== '"')
    end += text[end] === '\\' ? 2 : 1;
  return end + 1;
}

/**
 * Applies the convention to a key=value line written with its real constant values: every
 * constant value of a key outside `keep` becomes a `<*>` (its text the parameter's only value).
 * Values already holding a `<*>` are left as written. `quotesAreText`: the writer quotes every
 * string (klog's `%q`), so the quotes stay template text and the parameter is what is inside;
 * otherwise (logfmt, logrus: quoted only when needed) the quotes belong to the value.
 */
export function kvParams(
  spec: TemplateSpec,
  keep: ReadonlySet<string> = EVENT_KEYS,
  quotesAreText = false,
): TemplateSpec {
  const { text } = spec;
  const params: Param[] = [];
  let out = '';
  let from = 0;
  let next = 0;
  const copy = (to: number) => {
    const part = text.slice(from, to);
    const n = part.split(PARAM).length - 1;
    params.push(...spec.params.slice(next, next + n));
    next += n;
    out += part;
    from = to;
  };
  const key = /(^|\s)([A-Za-z_][\w.-]*)=/g;
  for (let m = key.exec(text); m; m = key.exec(text)) {
    const start = m.index + m[0].length;
    const end = valueEnd(text, start);
    const value = text.slice(start, end);
    copy(start);
    if (!keep.has(m[2]) && !value.includes(PARAM)) {
      const inside = quotesAreText && value.startsWith('"');
      out += inside ? `"${PARAM}"` : PARAM;
      params.push(() => (inside ? value.slice(1, -1) : value));
      from = end;
    }
    key.lastIndex = end;
  }
  copy(text.length);
  return { ...spec, text: out, params };
}

// ---- klog --------------------------------------------------------------------------------

/**
 * klog's header `Lmmdd hh:mm:ss.uuuuuu threadid file:line] ` (k8s.io/klog/v2): the severity
 * letter and the call site are constant, date, time and the space-padded thread id are
 * parameters.
 */
export function klogLine(
  severity: 'I' | 'W' | 'E',
  file: string,
  msg: TemplateSpec,
  pid: Param = int(1, 1),
  keep: ReadonlySet<string> = EVENT_KEYS,
): TemplateSpec {
  const padded: Param = g => pid(g).padStart(7);
  // Structured messages (`"msg" key="value" …`) follow the key=value convention.
  const body = msg.text.startsWith('"') ? kvParams(msg, keep, true) : msg;
  return withHeader(`${severity}<*> <*> ${file}] `, [ts.klog, padded], body);
}

// ---- JSON lines -----------------------------------------------------------------------------

/** A JSON value that is a parameter: a string (`"<*>"`, escaped) or, with `raw`, a number, bool or object. */
export interface JsonParam {
  readonly param: Param;
  readonly raw: boolean;
}
export const jstr = (param: Param): JsonParam => ({ param, raw: false });
export const jraw = (param: Param): JsonParam => ({ param, raw: true });

/** A JSON string that is template text with its own `<*>` (an error message with variables). */
export interface JsonTemplate {
  readonly text: string;
  readonly params: readonly Param[];
}
export const jtpl = (text: string, ...params: Param[]): JsonTemplate => ({
  text,
  params,
});

export type JsonValue =
  | string
  | number
  | boolean
  | JsonParam
  | JsonTemplate
  | JsonObject;
export type JsonObject = readonly (readonly [string, JsonValue])[];

function isParam(v: JsonValue): v is JsonParam {
  return typeof v === 'object' && 'param' in v;
}

function isTemplate(v: JsonValue): v is JsonTemplate {
  return typeof v === 'object' && 'text' in v;
}

/** A parameter's value written inside a JSON string. */
const escaped =
  (p: Param): Param =>
  g =>
    JSON.stringify(p(g)).slice(1, -1);

/** A constant JSON value outside the event keys: written as a parameter holding that value. */
function constantParam(v: string | number | boolean, params: Param[]): string {
  if (typeof v === 'string') {
    params.push(escaped(() => v));
    return '"<*>"';
  }
  params.push(() => String(v));
  return '<*>';
}

function jsonText(
  fields: JsonObject,
  params: Param[],
  inError = false,
): string {
  const parts = fields.map(([key, v]) => {
    let text: string;
    const eventKey = inError ? ERROR_FIELDS.has(key) : EVENT_KEYS.has(key);
    if (isParam(v)) {
      params.push(v.raw ? v.param : escaped(v.param));
      text = v.raw ? '<*>' : '"<*>"';
    } else if (isTemplate(v)) {
      params.push(...v.params.map(escaped));
      text = JSON.stringify(v.text);
    } else if (Array.isArray(v)) {
      text = jsonText(
        v as JsonObject,
        params,
        key === 'err' || key === 'error',
      );
    } else if (eventKey) text = JSON.stringify(v);
    else text = constantParam(v as string | number | boolean, params);
    return `${JSON.stringify(key)}:${text}`;
  });
  return `{${parts.join(',')}}`;
}

/**
 * One compact JSON object per line, fields in the given order. Constant values of the event keys
 * (and of an error object's fields) are template text; any other constant is written as a
 * parameter holding that value, so tables can show the real value.
 */
export function jsonLine(fields: JsonObject): TemplateSpec {
  const params: Param[] = [];
  const text = jsonText(fields, params);
  return t(text, ...params);
}

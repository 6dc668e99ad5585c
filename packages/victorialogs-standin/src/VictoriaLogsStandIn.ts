import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, inflateSync } from 'node:zlib';
import { InputError } from '@backstage/errors';
import {
  parseLogsQL,
  type ParsedQuery,
  type Row,
  type StoredRow,
} from './logsql';

export interface VictoriaLogsFaults {
  /** Answer every select with this delay (ms). */
  delayMs?: number;
  /** Stream this many rows of a `/query` answer, then an error line, then cut the connection. */
  midStreamErrorAfter?: number;
}

export interface VictoriaLogsStandInOptions {
  /**
   * -retentionPeriod: older rows are dropped silently, as the real server does (7 days there).
   * Default: keep everything, so fixtures with fixed timestamps stay usable.
   */
  retentionMs?: number;
}

export interface IngestOptions {
  msgField?: string;
  timeField?: string;
  streamFields?: string[];
}

/** One recorded request: path, query text and tenant, for tests that check what was asked. */
export interface RecordedRequest {
  path: string;
  query?: string;
  accountId?: string;
  projectId?: string;
  /** Content-Encoding of the body, when one was sent. */
  encoding?: string;
}

/**
 * A VictoriaLogs stand-in with the documented wire behaviour (integrations.md §2 and addendum):
 * `/insert/jsonline` (NDJSON, gzip or deflate, nested fields flattened with dots, `_msg_field`/
 * `_time_field`/`_stream_fields`, 200 with an empty body, 0 rows stored for a non-NDJSON content
 * type or an undecodable body, rows older than the retention dropped silently),
 * `/select/logsql/query` (JSON lines, newest `limit` rows in ascending time, 400 text on bad
 * LogsQL, an error line mid-stream on demand) and `/select/logsql/stats_query` (Prometheus vector,
 * 422 JSON without a `stats` pipe). Rows are kept per tenant (AccountID/ProjectID headers).
 */
export class VictoriaLogsStandIn {
  readonly #rows = new Map<string, StoredRow[]>();
  readonly requests: RecordedRequest[] = [];
  #server?: Server;
  #faults: VictoriaLogsFaults = {};
  readonly #retentionMs: number;
  /** Rows dropped for being older than the retention (vl_rows_dropped_total). */
  droppedRows = 0;

  constructor(options: VictoriaLogsStandInOptions = {}) {
    this.#retentionMs = options.retentionMs ?? Infinity;
  }

  setFaults(faults: VictoriaLogsFaults): void {
    this.#faults = faults;
  }

  get url(): string {
    const port = (this.#server?.address() as AddressInfo | null)?.port;
    if (!port) throw new Error('stand-in not started');
    return `http://127.0.0.1:${port}`;
  }

  async start(port = 0): Promise<void> {
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch(e => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(e));
        }
      });
    });
    await new Promise<void>(r => this.#server!.listen(port, '127.0.0.1', r));
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>(r =>
      this.#server ? this.#server.close(() => r()) : r(),
    );
    this.#server = undefined;
  }

  clear(): void {
    this.#rows.clear();
    this.requests.length = 0;
  }

  /** Stores objects as `/insert/jsonline` would; returns how many were stored. */
  ingest(
    objects: object[],
    options: IngestOptions = {},
    tenant = '0:0',
  ): number {
    const list = this.#rows.get(tenant) ?? [];
    this.#rows.set(tenant, list);
    let stored = 0;
    for (const o of objects) {
      const fields = flatten(o);
      const msgField = options.msgField ?? '_msg';
      const timeField = options.timeField ?? '_time';
      const msg = fields[msgField] ?? '';
      const rawTime = fields[timeField];
      const time = rawTime && rawTime !== '0' ? parseTime(rawTime) : Date.now();
      if (Number.isNaN(time)) continue;
      if (time < Date.now() - this.#retentionMs) {
        this.droppedRows++;
        continue;
      }
      delete fields[msgField];
      delete fields[timeField];
      const stream: Row = {};
      for (const f of options.streamFields ?? [])
        if (f in fields) stream[f] = fields[f];
      fields._msg = msg;
      fields._time = new Date(time).toISOString();
      fields._stream = `{${Object.entries(stream)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}}`;
      list.push({ fields, stream, time });
      stored++;
    }
    return stored;
  }

  async #handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x');
    let body: string;
    try {
      body = decode(
        await readBody(req),
        req.headers['content-encoding'] as string | undefined,
      );
    } catch {
      // A body that does not decode stores nothing, and the server still answers 200.
      return text(res, 200, '');
    }
    const params = new URLSearchParams(url.search);
    if (
      req.method === 'POST' &&
      (req.headers['content-type'] ?? '').startsWith(
        'application/x-www-form-urlencoded',
      )
    ) {
      for (const [k, v] of new URLSearchParams(body)) params.set(k, v);
    }
    const tenant = `${req.headers.accountid ?? '0'}:${
      req.headers.projectid ?? '0'
    }`;
    this.requests.push({
      path: url.pathname,
      query: params.get('query') ?? undefined,
      accountId: req.headers.accountid as string | undefined,
      projectId: req.headers.projectid as string | undefined,
      encoding: req.headers['content-encoding'] as string | undefined,
    });

    if (url.pathname === '/insert/jsonline') {
      return this.#insert(req, res, params, body, tenant);
    }
    if (!url.pathname.startsWith('/select/logsql/')) {
      return text(
        res,
        400,
        `remoteAddr: "127.0.0.1"; requestURI: ${url.pathname}; unsupported path requested: "${url.pathname}"`,
      );
    }
    if (this.#faults.delayMs)
      await new Promise(r => setTimeout(r, this.#faults.delayMs));
    return this.#select(res, url.pathname, params, tenant);
  }

  #insert(
    req: IncomingMessage,
    res: ServerResponse,
    params: URLSearchParams,
    body: string,
    tenant: string,
  ) {
    if (req.method !== 'POST') return text(res, 405, 'method not allowed');
    const type = req.headers['content-type'] ?? '';
    // A real server stores nothing for a form body, and still answers 200.
    if (!/application\/(stream\+json|x-ndjson|json)/.test(type))
      return text(res, 200, '');
    const header = (name: string, h: string) =>
      params.get(name) ?? (req.headers[h] as string | undefined);
    const { objects, invalid } = parseJsonLines(body);
    if (invalid && !objects.length)
      return text(res, 400, 'cannot parse JSON line');
    this.ingest(
      objects,
      {
        msgField: header('_msg_field', 'vl-msg-field')?.split(',')[0],
        timeField: header('_time_field', 'vl-time-field'),
        streamFields: header('_stream_fields', 'vl-stream-fields')
          ?.split(',')
          .filter(Boolean),
      },
      tenant,
    );
    return text(res, 200, '');
  }

  #select(
    res: ServerResponse,
    pathname: string,
    params: URLSearchParams,
    tenant: string,
  ) {
    const queryText = params.get('query');
    const endpoint = pathname.slice('/select/logsql/'.length);
    const fail = (message: string) =>
      endpoint === 'stats_query'
        ? promError(res, message)
        : text(res, 400, message);
    if (!queryText) return fail('missing `query` arg');
    let parsed: ParsedQuery;
    try {
      parsed = parseLogsQL(queryText);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      return fail(e.message);
    }
    const start = params.has('start')
      ? parseTime(params.get('start')!)
      : -Infinity;
    const end = params.has('end') ? parseTime(params.get('end')!) : Infinity;
    if (Number.isNaN(start) || Number.isNaN(end))
      return text(res, 400, 'cannot parse start or end');
    const rows = (this.#rows.get(tenant) ?? []).filter(
      r => r.time >= start && r.time <= end && parsed.filter(r),
    );
    if (endpoint === 'query') {
      return streamRows(res, parsed, rows, params, this.#faults);
    }
    if (endpoint === 'stats_query') {
      return countRows(res, parsed, rows, end, queryText);
    }
    return text(res, 400, `unsupported path requested: "${pathname}"`);
  }
}

/** NDJSON body → the objects in it, and how many lines were not JSON objects. */
function parseJsonLines(body: string) {
  const objects: object[] = [];
  let invalid = 0;
  for (const line of body.split('\n')) {
    if (!line.trim()) continue;
    try {
      const o = JSON.parse(line);
      if (o && typeof o === 'object' && !Array.isArray(o)) objects.push(o);
      else invalid++;
    } catch {
      invalid++;
    }
  }
  return { objects, invalid };
}

/** `/select/logsql/query`: the newest `limit` rows as JSON lines, in ascending time. */
function streamRows(
  res: ServerResponse,
  parsed: ParsedQuery,
  rows: StoredRow[],
  params: URLSearchParams,
  faults: VictoriaLogsFaults,
) {
  if (parsed.stats)
    return text(
      res,
      400,
      'the stand-in serves stats only on /select/logsql/stats_query',
    );
  const limit = params.has('limit') ? Number(params.get('limit')) : Infinity;
  const chosen = [...rows].sort((a, b) => a.time - b.time).slice(-limit);
  res.writeHead(200, { 'content-type': 'application/stream+json' });
  res.flushHeaders();
  const cut = faults.midStreamErrorAfter;
  for (let i = 0; i < chosen.length; i++) {
    if (cut !== undefined && i === cut) break;
    res.write(`${JSON.stringify(sortKeys(chosen[i].fields))}\n`);
  }
  if (cut !== undefined) {
    // Status 200 is already sent: the error can only travel as a line, then the cut.
    res.write(
      '\nerror during query execution: cannot read block: unexpected EOF\n',
      () => setTimeout(() => res.socket?.destroy(), 10),
    );
    return undefined;
  }
  return res.end();
}

/** `/select/logsql/stats_query`: a Prometheus instant vector of counts per `by` group. */
function countRows(
  res: ServerResponse,
  parsed: ParsedQuery,
  rows: StoredRow[],
  end: number,
  queryText: string,
) {
  const stats = parsed.stats;
  if (!stats)
    return promError(
      res,
      `the query must end with a | stats pipe; got [${queryText}]`,
    );
  const groups = new Map<string, { labels: Row; n: number }>();
  for (const r of rows) {
    const labels: Row = {};
    for (const f of stats.by) labels[f] = r.fields[f] ?? r.stream[f] ?? '';
    const key = JSON.stringify(labels);
    const g = groups.get(key) ?? { labels, n: 0 };
    g.n++;
    groups.set(key, g);
  }
  const at = Math.floor((Number.isFinite(end) ? end : Date.now()) / 1000);
  return json(res, 200, {
    status: 'success',
    data: {
      resultType: 'vector',
      result: [...groups.values()].map(g => ({
        metric: { __name__: stats.as, ...g.labels },
        value: [at, String(g.n)],
      })),
    },
  });
}

function flatten(o: object, prefix = '', out: Row = {}): Row {
  for (const [k, v] of Object.entries(o)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v, key, out);
    else if (v !== null && v !== undefined)
      out[key] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

function sortKeys(r: Row): Row {
  return Object.fromEntries(
    Object.entries(r).sort(([a], [b]) => a.localeCompare(b)),
  );
}

/** RFC 3339 or unix seconds/ms, as the real server accepts. */
function parseTime(v: string): number {
  if (/^\d+(\.\d+)?$/.test(v)) {
    const n = Number(v);
    return n > 1e12 ? n : n * 1000;
  }
  return Date.parse(v);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Content-Encoding as /insert/* accepts it: gzip, deflate, identity (zstd/snappy not needed). */
function decode(body: Buffer, encoding: string | undefined): string {
  switch ((encoding ?? 'identity').toLowerCase()) {
    case 'gzip':
      return gunzipSync(body).toString('utf8');
    case 'deflate':
      return inflateSync(body).toString('utf8');
    case 'identity':
    case '':
      return body.toString('utf8');
    default:
      throw new InputError(`unsupported Content-Encoding ${encoding}`);
  }
}

function text(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(body);
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function promError(res: ServerResponse, error: string) {
  json(res, 422, { status: 'error', errorType: '422', error });
}

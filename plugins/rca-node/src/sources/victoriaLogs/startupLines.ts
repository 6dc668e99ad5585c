import { compareWindows, type TemplateComparison } from '@internal/log-miner';
import type { CollectorContext } from '../../contracts';
import { cleanText, redactSecrets } from '../../contracts/redactSecrets';
import { quote } from '../shared/httpJson';
import type { LogFields } from './logFields';
import type { LogRow, VictoriaLogsClient } from './VictoriaLogsClient';

/**
 * Wording an app uses, at any level, when it starts serving on a port ("listening on :8080",
 * "server started on port 3000"), and when a name lookup fails (busybox `nslookup: can't
 * resolve`, Go `no such host`, NXDOMAIN). The error read misses these: they are often info lines.
 * Two reads, so chatter of one kind cannot crowd the other out of its bound; the first asks for a
 * port after the word, so per-request "started" chatter does not match. RE2 and JS syntax alike.
 */
export const LISTENING_REGEX =
  '(?:[Ll]istening|LISTENING|[Ss]erving|[Ss]tarted|[Bb]ound).{0,80}?(?:[Pp]ort|:)[^0-9]{0,6}[0-9]{2,5}';
export const LOOKUP_PHRASES = ['resolve', 'NXDOMAIN', 'no such host'];

/** Bounds of each read, so a chatty app cannot slow the analysis down. */
export const STARTUP_LIMITS = { lines: 100, bytes: 16_000, lineChars: 300 };

/** A loopback listen address: `127.0.0.1:8080`, `localhost:3000`, `[::1]:9090`. */
const LOOPBACK = /(^|[^\d.])(127\.\d+\.\d+\.\d+|localhost|\[::1\]):\d{2,5}/i;

/** A failed lookup, as the DNS rules word it. */
const RESOLVE_FAILURE =
  /(could not|can'?t|cannot|unable to) resolve|does not resolve|no such host|NXDOMAIN/i;

/** A start-up or lookup line of one container. */
export interface StartupLine {
  time: string;
  pod?: string;
  container?: string;
  text: string;
  /** The port the line says the app listens on, when it names one. */
  port?: number;
  /** It listens on a loopback address only: nothing outside the pod (probes) can connect. */
  loopback?: boolean;
  /** Ledger key of the evidence item, for the lines cited. */
  evidence?: string;
}

export interface StartupLines {
  lines: StartupLine[];
  /** Lookup failures new or increased in the window, as log templates. */
  resolveFailures: TemplateComparison[];
}

/** The LogsQL filter of one read (ANDed with the target's namespace-scoped selector). */
export function startupFilter(kind: 'listening' | 'lookup'): string {
  return kind === 'listening'
    ? `_msg:~${quote(LISTENING_REGEX)}`
    : `(${LOOKUP_PHRASES.map(p => `i(${quote(p)})`).join(' OR ')})`;
}

/**
 * The port a "listening"/"serving"/"started" line names: `listening on :8080`,
 * `Listening at http://0.0.0.0:3000`, `serving on port 9090`, `started on port 8080 (http)`.
 */
export function listeningPort(text: string): number | undefined {
  // Times of day (12:30:45, T12:30:45.123Z) look like ports; drop them first.
  const untimed = text.replace(
    /(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?!\d)/g,
    ' ',
  );
  const m =
    /\b(?:listening|serving|started|bound|running)\b[^\n]{0,80}?(?:\bport\(?s?\)?[\s=:"]*|:)(\d{2,5})(?![\d.])/i.exec(
      untimed,
    );
  const port = m ? Number(m[1]) : NaN;
  return port > 0 && port < 65_536 ? port : undefined;
}

/** Rows as bounded lines: each cut to a length, all cut to a byte budget, secrets redacted. */
function boundedLines(rows: LogRow[], f: LogFields): StartupLine[] {
  const out: StartupLine[] = [];
  let bytes = 0;
  for (const r of rows) {
    if (typeof r._msg !== 'string' || typeof r._time !== 'string') continue;
    const text = redactSecrets(cleanText(r._msg, STARTUP_LIMITS.lineChars));
    bytes += text.length;
    if (bytes > STARTUP_LIMITS.bytes || out.length >= STARTUP_LIMITS.lines)
      break;
    const port = listeningPort(text);
    const loopback =
      port !== undefined && LOOPBACK.test(text) ? { loopback: true } : {};
    out.push({
      time: r._time,
      ...(r[f.pod] ? { pod: r[f.pod] } : {}),
      ...(r[f.container] ? { container: r[f.container] } : {}),
      text,
      ...(port !== undefined ? { port } : {}),
      ...loopback,
    });
  }
  return out;
}

/**
 * The second, bounded read: start-up lines at any level in the window, and lookup failures in
 * the window and its baseline, through the same namespace-scoped selector as the error read.
 * Each read returns the newest lines up to its bound.
 */
export async function readStartupLines(options: {
  client: VictoriaLogsClient;
  fields: LogFields;
  selector: string;
  incident: { start: Date; end: Date };
  baseline: { start: Date; end: Date };
  span: number;
  signal?: AbortSignal;
  query(text: string): void;
}): Promise<StartupLines> {
  const { client, fields, incident, baseline, span } = options;
  const listen = `${options.selector} ${startupFilter('listening')}`;
  const lookup = `${options.selector} ${startupFilter('lookup')}`;
  options.query(`victorialogs: ${listen}`);
  options.query(`victorialogs: ${lookup}`);
  const limit = STARTUP_LIMITS.lines;
  const [listening, inc, base] = await Promise.all([
    client.query(listen, { ...incident, limit }, options.signal),
    client.query(lookup, { ...incident, limit }, options.signal),
    client.query(lookup, { ...baseline, limit }, options.signal),
  ]);
  const failing = (l: StartupLine[]) =>
    l
      .filter(x => RESOLVE_FAILURE.test(x.text))
      .map(x => ({ time: x.time, message: x.text }));
  const lookups = boundedLines(inc, fields);
  const resolveFailures = compareWindows({
    incident: { lines: failing(lookups), durationMs: span },
    baseline: { lines: failing(boundedLines(base, fields)), durationMs: span },
    redact: line => line,
  }).filter(c => c.trend === 'new' || c.trend === 'increased');
  const lines = [...boundedLines(listening, fields), ...lookups];
  return { lines, resolveFailures };
}

/** Listening lines cited per target: one per container is enough to show its port. */
const MAX_LISTENING_CITED = 4;

/**
 * Evidence of the second read: each new lookup-failure template (unless the error read has it),
 * and the first "listening" line of each container; the lines stay in the facts for the rules.
 */
export function addStartupEvidence(
  ctx: CollectorContext,
  object: string,
  startup: StartupLines,
  known: Set<string>,
): { templates: Array<TemplateComparison & { evidence: string }> } {
  const templates = startup.resolveFailures
    .filter(t => !known.has(t.template))
    .slice(0, 2)
    .map(t => ({
      ...t,
      evidence: ctx.evidence.add({
        source: 'victorialogs',
        object,
        field: 'log template',
        text: `"${t.template}" ${
          t.trend === 'new' ? 'new in the window' : 'increased'
        }: ${t.incidentCount} lines (any level), ${
          t.baselineCount
        } in the baseline, first at ${t.firstSeen}; e.g. "${t.exemplars[0]}"`,
        timestamp: t.firstSeen,
        severity: 'error',
      }),
    }));
  const cited = new Set<string>();
  for (const line of startup.lines) {
    const who = `${line.pod ?? '?'}/${line.container ?? '?'}`;
    if (line.port === undefined || cited.has(who)) continue;
    if (cited.size >= MAX_LISTENING_CITED) break;
    cited.add(who);
    line.evidence = ctx.evidence.add({
      source: 'victorialogs',
      object: `Pod ${line.pod ?? '?'} container ${line.container ?? '?'} logs`,
      field: 'start-up line',
      text: `the app says it listens on port ${line.port}: "${line.text}"`,
      timestamp: line.time,
      severity: 'info',
    });
  }
  return { templates };
}

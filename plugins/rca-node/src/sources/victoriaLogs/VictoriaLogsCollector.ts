import type { SourceStatus } from '@internal/plugin-rca-common';
import { compareWindows, type TemplateComparison } from '@internal/log-miner';
import {
  createFactRef,
  type CollectorContext,
  type EvidenceCollector,
} from '../../contracts';
import { redactSecrets, cleanText } from '../../contracts/redactSecrets';
import { quote, regexLiteral } from '../shared/httpJson';
import {
  isHidden,
  mapLimit,
  scopeOf,
  type TargetScope,
} from '../shared/targetScope';
import { lineFields, type LogFields } from './logFields';
import {
  addStartupEvidence,
  readStartupLines,
  type StartupLine,
} from './startupLines';
import type { LogRow, VictoriaLogsClient } from './VictoriaLogsClient';
import { type LogEcho, readEchoes } from './echoes';

export interface LogTemplateFinding extends TemplateComparison {
  /** Ledger key of the evidence item. */
  evidence: string;
  /** Other pods of the namespace logging the same message (see echoes.ts). */
  echoes?: LogEcho[];
}

export interface TargetLogs {
  entityRef: string;
  role: 'target' | 'dependency';
  namespace?: string;
  incidentLines: number;
  baselineLines: number;
  /** New and increased templates, most telling first. */
  templates: LogTemplateFinding[];
  /**
   * Set when the selector saw no line at all: a gap unless the pods had nothing to log (the
   * engine decides with the Kubernetes facts, see `engine/steps/settleSilence.ts`).
   */
  silence?: string;
  /** Start-up and lookup lines at any level (bounded; see startupLines.ts). */
  startup?: StartupLine[];
}

export interface LogsFacts {
  targets: TargetLogs[];
}

export const LOGS_FACTS = createFactRef<LogsFacts>('logs');

export interface VictoriaLogsCollectorOptions {
  client: VictoriaLogsClient;
  fields: LogFields;
  /** Error and warning lines fetched per window and target. Default 20 000. */
  sampleSize?: number;
  /** Templates turned into evidence per target. Default 8. */
  maxTemplates?: number;
}

const ERROR_WORDS = [
  'error',
  'exception',
  'panic',
  'fatal',
  'failed',
  'timeout',
  'refused',
];
const ERROR_LEVELS = [
  'error',
  'ERROR',
  'Error',
  'fatal',
  'FATAL',
  'panic',
  'critical',
  'CRITICAL',
  'warn',
  'WARN',
  'warning',
  'WARNING',
];

type Period = { start: Date; end: Date };
type StatsRow = { labels: Record<string, string>; value: number };

const total = (s: StatsRow[]) => s.reduce((n, r) => n + r.value, 0);

/**
 * Rows as lines for the miner. A shipper that parsed a JSON or logfmt line stores its message in
 * `_msg` and its other keys (level, logger, error, ids) as fields: they go along, so the miner
 * templates the line by its structure.
 */
const toLines = (rows: LogRow[], f: LogFields) =>
  rows
    .filter(r => typeof r._msg === 'string' && typeof r._time === 'string')
    .map(r => {
      const fields = lineFields(r, f);
      return Object.keys(fields).length
        ? { time: r._time, message: r._msg, fields }
        : { time: r._time, message: r._msg };
    });

/**
 * Reads a target's logs from VictoriaLogs: counts by level and pod for the incident window and
 * the baseline (server-side stats), then a bounded sample of error and warning lines from both,
 * mined into templates and compared by template string.
 */
export class VictoriaLogsCollector implements EvidenceCollector {
  readonly name = 'victorialogs';
  readonly #options: VictoriaLogsCollectorOptions;

  constructor(options: VictoriaLogsCollectorOptions) {
    this.#options = options;
  }

  /** The stream selector of a target, in the shipper's field names. */
  selector(scope: TargetScope): string {
    const f = this.#options.fields;
    const [ns, ...more] = scope.namespaces;
    if (ns === undefined)
      throw new Error(`no readable namespace for ${scope.target.entityRef}`);
    const alternatives = scope.namespaces.map(regexLiteral).join('|');
    if (f.streamFields) {
      const namespace = more.length
        ? `${f.namespace}=~${quote(alternatives)}`
        : `${f.namespace}=${quote(ns)}`;
      return `{${namespace},${f.pod}=~${quote(scope.podRegex)}}`;
    }
    const namespace = more.length
      ? `${f.namespace}:~${quote(`^(?:${alternatives})$`)}`
      : `${f.namespace}:=${quote(ns)}`;
    return `${namespace} ${f.pod}:~${quote(scope.podRegex)}`;
  }

  errorFilter(): string {
    const level = this.#options.fields.level;
    return `(${level}:in(${ERROR_LEVELS.join(',')}) OR ${ERROR_WORDS.map(
      w => `i(${w})`,
    ).join(' OR ')})`;
  }

  async collect(ctx: CollectorContext): Promise<Omit<SourceStatus, 'name'>> {
    const { client } = this.#options;
    const { from, to } = ctx.input.window;
    const span = Math.max(to.getTime() - from.getTime(), 60_000);
    const incident = { start: from, end: to };
    const baseline = { start: new Date(from.getTime() - span), end: from };
    const scopes = ctx.targets.map(scopeOf).filter(s => !isHidden(s));
    ctx.progress(
      `Reading logs of ${scopes.length} target(s) from VictoriaLogs at ${client.host}`,
    );
    const results = await mapLimit(scopes, 2, async scope => {
      try {
        return await this.#collectTarget(ctx, scope, incident, baseline, span);
      } catch (e) {
        if (ctx.signal?.aborted) throw e;
        const message = cleanText((e as Error).message, 400);
        ctx.gap(
          `VictoriaLogs (${client.host}) could not be read for ${scope.target.entityRef}: ${message}`,
        );
        return { error: message };
      }
    });
    const targets = results.filter((r): r is TargetLogs => 'templates' in r);
    ctx.facts.set(LOGS_FACTS, { targets });
    const failed = results.length - targets.length;
    ctx.progress(
      `VictoriaLogs: ${targets.reduce(
        (n, t) => n + t.templates.length,
        0,
      )} new or increased log templates`,
    );
    if (failed && failed === results.length)
      return {
        status: 'failed',
        error: (results.find(r => 'error' in r) as { error: string }).error,
      };
    return failed ? { status: 'partial' } : { status: 'ok' };
  }

  async #collectTarget(
    ctx: CollectorContext,
    scope: TargetScope,
    incident: Period,
    baseline: Period,
    span: number,
  ): Promise<TargetLogs> {
    const { client } = this.#options;
    const f = this.#options.fields;
    const sel = this.selector(scope);
    const statsQuery = `${sel} | stats by (${f.level}, ${f.pod}) count() as n`;
    const linesQuery = `${sel} ${this.errorFilter()}`;
    ctx.query(`victorialogs: ${statsQuery}`);
    ctx.query(`victorialogs: ${linesQuery}`);
    const limit = this.#options.sampleSize ?? 20_000;
    const [incStats, baseStats, incRows, baseRows] = await Promise.all([
      client.stats(statsQuery, incident, ctx.signal),
      client.stats(statsQuery, baseline, ctx.signal),
      client.query(linesQuery, { ...incident, limit }, ctx.signal),
      client.query(linesQuery, { ...baseline, limit }, ctx.signal),
    ]);
    const errorsCounted = (s: StatsRow[]) =>
      s
        .filter(r => ERROR_LEVELS.includes(r.labels[f.level] ?? ''))
        .reduce((n, r) => n + r.value, 0);
    const result: TargetLogs = {
      entityRef: scope.target.entityRef,
      role: scope.target.role,
      namespace: scope.namespace,
      incidentLines: total(incStats),
      baselineLines: total(baseStats),
      templates: [],
    };
    // "0 rows" is only "no errors" if the same selector sees lines at all (a misnamed field or a
    // misspelled pipe answers 200 with nothing).
    if (!result.incidentLines && !result.baselineLines) {
      result.silence = `VictoriaLogs has no lines for ${scope.target.entityRef} (${sel}) in the window or its baseline`;
      return result;
    }
    if (!incRows.length && errorsCounted(incStats) > 0) {
      ctx.gap(
        `VictoriaLogs counted ${errorsCounted(incStats)} error lines for ${
          scope.target.entityRef
        } but returned none: the sample is incomplete`,
      );
    }
    const object = logsObject(scope);
    const errors = {
      incident: errorsCounted(incStats),
      baseline: errorsCounted(baseStats),
    };
    addErrorCount(ctx, object, f.level, errors, result, incident);
    const comparison = compareWindows({
      incident: { lines: toLines(incRows, f), durationMs: span },
      baseline: { lines: toLines(baseRows, f), durationMs: span },
      redact: line => redactSecrets(cleanText(line, 300)),
    });
    const sampled =
      incRows.length >= limit ? ` (sample of the newest ${limit} lines)` : '';
    for (const t of comparison
      .filter(c => c.trend === 'new' || c.trend === 'increased')
      .slice(0, this.#options.maxTemplates ?? 8)) {
      const evidence = addTemplate(ctx, object, t, sampled);
      result.templates.push({ ...t, evidence });
    }
    await this.#readStartup(ctx, { sel, object, result, incident, baseline });
    if (scope.target.role === 'target')
      await this.#readEchoes(ctx, scope, result, incident);
    return result;
  }

  /** The bounded third read: the same message from other pods of the namespace; see echoes.ts. */
  async #readEchoes(
    ctx: CollectorContext,
    scope: TargetScope,
    result: TargetLogs,
    incident: Period,
  ): Promise<void> {
    try {
      await readEchoes(
        ctx,
        {
          client: this.#options.client,
          fields: this.#options.fields,
          selector: podRegex => this.selector({ ...scope, podRegex }),
          ownPods: new RegExp(`^(?:${scope.podRegex})$`),
          incident,
          signal: ctx.signal,
          query: ctx.query,
        },
        result.templates,
      );
    } catch (e) {
      if (ctx.signal?.aborted) throw e;
      ctx.gap(
        `VictoriaLogs could not be searched for the same messages from other pods of ${
          result.entityRef
        }'s namespace: ${cleanText((e as Error).message, 300)}`,
      );
    }
  }

  /** The bounded second read (start-up and lookup lines at any level); see startupLines.ts. */
  async #readStartup(
    ctx: CollectorContext,
    at: {
      sel: string;
      object: string;
      result: TargetLogs;
      incident: Period;
      baseline: Period;
    },
  ): Promise<void> {
    const { result } = at;
    try {
      const startup = await readStartupLines({
        client: this.#options.client,
        fields: this.#options.fields,
        selector: at.sel,
        incident: at.incident,
        baseline: at.baseline,
        span: at.incident.end.getTime() - at.incident.start.getTime(),
        signal: ctx.signal,
        query: ctx.query,
      });
      const known = new Set(result.templates.map(t => t.template));
      const { templates } = addStartupEvidence(ctx, at.object, startup, known);
      result.templates.push(...templates);
      result.startup = startup.lines;
    } catch (e) {
      if (ctx.signal?.aborted) throw e;
      ctx.gap(
        `VictoriaLogs start-up lines could not be read for ${
          result.entityRef
        }: ${cleanText((e as Error).message, 300)}`,
      );
    }
  }
}

function logsObject(scope: TargetScope): string {
  return `${scope.namespace ? `${scope.namespace}/` : ''}${
    scope.service
  } logs (${scope.target.entityRef})`;
}

/** Error-level lines in the window against the baseline, when there are any. */
function addErrorCount(
  ctx: CollectorContext,
  object: string,
  field: string,
  errors: { incident: number; baseline: number },
  result: TargetLogs,
  incident: Period,
) {
  if (!(errors.incident > 0)) return;
  ctx.evidence.add({
    source: 'victorialogs',
    object,
    field,
    text: `${errors.incident} error-level lines of ${result.incidentLines} in the window, against ${errors.baseline} of ${result.baselineLines} in the preceding window of equal length`,
    timestamp: incident.start.toISOString(),
    severity: errors.incident > errors.baseline * 2 ? 'warning' : 'info',
  });
}

/** A new or increased log template, with two exemplars. */
function addTemplate(
  ctx: CollectorContext,
  object: string,
  t: TemplateComparison,
  sampled: string,
): string {
  const change =
    t.trend === 'new'
      ? `new in the window: ${t.incidentCount} lines, none in the baseline`
      : `up ×${t.rateRatio.toFixed(1)}: ${t.incidentCount} lines, ${
          t.baselineCount
        } in the baseline`;
  return ctx.evidence.add({
    source: 'victorialogs',
    object,
    field: 'log template',
    text: `"${t.template}" ${change}${sampled}, first at ${
      t.firstSeen
    }; e.g. ${t.exemplars
      .slice(0, 2)
      .map(e => `"${e}"`)
      .join(', ')}`,
    timestamp: t.firstSeen,
    severity: 'error',
  });
}

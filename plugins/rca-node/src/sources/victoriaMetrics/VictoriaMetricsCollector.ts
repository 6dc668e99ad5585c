import type { SourceStatus } from '@internal/plugin-rca-common';
import type { CollectorContext, EvidenceCollector } from '../../contracts';
import { quote, regexLiteral } from '../shared/httpJson';
import {
  isHidden,
  mapLimit,
  namespaceRegex,
  scopeOf,
  type TargetScope,
} from '../shared/targetScope';
import { detectRise, longestRamp } from './changePoint';
import { FAMILIES, type MetricFamily } from './metricFamilies';
import { METRICS_FACTS, type MetricFinding } from './metricsFacts';
import type { Series, VictoriaMetricsClient } from './VictoriaMetricsClient';

/** Per-entity query override: `rca.backstage.io/metrics-query-<family>`. */
export const METRICS_QUERY_ANNOTATION_PREFIX =
  'rca.backstage.io/metrics-query-';

export interface VictoriaMetricsCollectorOptions {
  client: VictoriaMetricsClient;
  /** Query of each family; families missing here are not read. */
  queries: Partial<Record<MetricFamily, string>>;
  /** Also compare with the same window 24 hours earlier. */
  baseline24h?: boolean;
  /** Queries in flight at once. Default 4. */
  concurrency?: number;
}

interface Job {
  scope: TargetScope;
  family: MetricFamily;
  query: string;
  /** The `$rate` window in seconds. */
  rateSeconds: number;
}

/** Points kept per series for the report's charts: enough for the shape, small in the front matter. */
const MAX_CHART_POINTS = 60;

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

/**
 * Reads metric families over the incident window and the preceding window of equal length (and
 * optionally the day before), and turns each series that departs from its baseline into evidence
 * with an onset time and a magnitude.
 */
export class VictoriaMetricsCollector implements EvidenceCollector {
  readonly name = 'victoriametrics';
  readonly #options: VictoriaMetricsCollectorOptions;

  constructor(options: VictoriaMetricsCollectorOptions) {
    this.#options = options;
  }

  async collect(ctx: CollectorContext): Promise<Omit<SourceStatus, 'name'>> {
    const { client } = this.#options;
    const from = Math.floor(ctx.input.window.from.getTime() / 1000);
    const to = Math.ceil(ctx.input.window.to.getTime() / 1000);
    const span = Math.max(to - from, 60);
    // About 240 points over baseline + incident; the rate window spans several steps.
    const step = Math.max(15, Math.round((2 * span) / 240));
    const rate = `${Math.max(4 * step, 120)}s`;

    const jobs: Job[] = [];
    for (const target of ctx.targets) {
      const scope = scopeOf(target);
      if (isHidden(scope)) continue;
      const annotations = target.entity.metadata.annotations ?? {};
      for (const [family, template] of Object.entries(this.#options.queries)) {
        const override =
          annotations[`${METRICS_QUERY_ANNOTATION_PREFIX}${family}`];
        const query = fill(override ?? template!, scope, rate);
        jobs.push({
          scope,
          family: family as MetricFamily,
          query,
          rateSeconds: Math.max(4 * step, 120),
        });
      }
    }
    ctx.progress(
      `Querying VictoriaMetrics at ${client.host}: ${jobs.length} queries over the window and its baseline`,
    );

    const failures = new Map<string, string[]>();
    const findings: MetricFinding[] = [];
    await mapLimit(jobs, this.#options.concurrency ?? 4, async job => {
      ctx.query(`victoriametrics: ${job.query}`);
      try {
        const series = await client.queryRange(
          job.query,
          { start: from - span, end: to, stepSeconds: step },
          ctx.signal,
        );
        let dayBefore: Series[] = [];
        if (this.#options.baseline24h) {
          dayBefore = await client.queryRange(
            job.query,
            { start: from - 86_400, end: to - 86_400, stepSeconds: step },
            ctx.signal,
          );
        }
        findings.push(...this.#analyse(ctx, job, series, dayBefore, from));
      } catch (e) {
        if (ctx.signal?.aborted) throw e;
        const message = (e as Error).message;
        failures.set(message, [...(failures.get(message) ?? []), job.family]);
      }
    });

    ctx.facts.set(METRICS_FACTS, {
      findings: findings.sort((a, b) =>
        (a.onset ?? '~').localeCompare(b.onset ?? '~'),
      ),
    });
    for (const [message, families] of failures) {
      ctx.gap(
        `VictoriaMetrics (${client.host}) could not answer ${
          families.length
        } of ${jobs.length} queries (${[...new Set(families)].join(
          ', ',
        )}): ${message}`,
      );
    }
    ctx.progress(
      `VictoriaMetrics: ${findings.length} series departed from their baseline`,
    );
    const failed = [...failures.values()].flat().length;
    if (jobs.length && failed === jobs.length)
      return { status: 'failed', error: [...failures.keys()][0] };
    return failed ? { status: 'partial' } : { status: 'ok' };
  }

  #analyse(
    ctx: CollectorContext,
    job: Job,
    series: Series[],
    dayBefore: Series[],
    from: number,
  ): MetricFinding[] {
    const spec = FAMILIES[job.family];
    const out: MetricFinding[] = [];
    for (const s of series) {
      const baseline = s.points.filter(p => p[0] < from);
      const incident = s.points.filter(p => p[0] >= from);
      const sameSeries = dayBefore.find(d => sameLabels(d.metric, s.metric));
      const reference = [...baseline, ...(sameSeries?.points ?? [])];
      const rise = detectRise(reference, incident, spec);
      const ramp = spec.ramp ? longestRamp(s.points) : undefined;
      const leakLike =
        ramp && ramp.r2 >= 0.8 && ramp.to - ramp.from >= 0.3 && ramp.to >= 0.8;
      if (!rise && !leakLike) continue;
      const object = objectOf(job.scope, s.metric);
      const value = rise?.level ?? ramp!.to;
      const text = rise
        ? `${spec.title}${
            spec.perWindow ? ` per ${Math.round(job.rateSeconds / 60)} min` : ''
          } rose from ${spec.format(rise.baseline)} to ${spec.format(
            rise.level,
          )} (peak ${spec.format(rise.peak)}) at ${iso(rise.onset)}${
            rise.baseline > 0
              ? ` (×${(rise.level / rise.baseline).toFixed(1)})`
              : ''
          }`
        : '';
      const rampText = leakLike
        ? `${text ? '; ' : ''}${spec.title} climbed steadily from ${spec.format(
            ramp!.from,
          )} to ${spec.format(ramp!.to)} between ${iso(ramp!.start)} and ${iso(
            ramp!.end,
          )} (linear fit r² ${ramp!.r2.toFixed(2)})`
        : '';
      const evidence = ctx.evidence.add({
        source: 'victoriametrics',
        object,
        field: job.family,
        text: text + rampText,
        timestamp: iso(rise?.onset ?? ramp!.start),
        severity:
          value >= spec.threshold && spec.threshold > 0 ? 'error' : 'warning',
      });
      out.push({
        family: job.family,
        entityRef: job.scope.target.entityRef,
        role: job.scope.target.role,
        namespace: s.metric.namespace ?? job.scope.namespace,
        labels: s.metric,
        object,
        onset: rise ? iso(rise.onset) : undefined,
        baseline: rise?.baseline,
        level: value,
        peak: rise?.peak ?? ramp!.to,
        ramp: leakLike
          ? {
              start: iso(ramp!.start),
              end: iso(ramp!.end),
              from: ramp!.from,
              to: ramp!.to,
              r2: ramp!.r2,
            }
          : undefined,
        evidence,
        points: thin(
          s.points.filter(p => p[0] >= from),
          MAX_CHART_POINTS,
        ),
      });
    }
    return out;
  }
}

/** Every n-th finite point, values to 4 significant digits, at most `max` of them. */
function thin(
  points: Array<[number, number]>,
  max: number,
): Array<[number, number]> {
  const finite = points.filter(p => Number.isFinite(p[1]));
  const every = Math.max(1, Math.ceil(finite.length / max));
  return finite
    .filter((_, i) => i % every === 0)
    .map(([t, v]) => [t, Number(v.toPrecision(4))]);
}

function sameLabels(a: Record<string, string>, b: Record<string, string>) {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every(k => a[k] === b[k]);
}

function objectOf(scope: TargetScope, metric: Record<string, string>): string {
  const ns = metric.namespace ?? scope.namespace;
  const name =
    metric.pod ??
    metric.horizontalpodautoscaler ??
    metric.persistentvolumeclaim ??
    (metric.node ? `node ${metric.node}` : scope.service);
  const container = metric.container ? ` container ${metric.container}` : '';
  return `${ns && !metric.node ? `${ns}/` : ''}${name}${container} (${
    scope.target.entityRef
  })`;
}

/** Fills the placeholders; values are escaped for the PromQL strings they land in. */
export function fill(
  template: string,
  scope: TargetScope,
  rate: string,
): string {
  const ns = namespaceRegex(scope);
  const inner = (v: string) => quote(v).slice(1, -1);
  const sel = `namespace=~${quote(ns)},pod=~${quote(scope.podRegex)}`;
  return template
    .replace(/\$sel\b/g, sel)
    .replace(/\$namespace\b/g, inner(ns))
    .replace(/\$pod\b/g, inner(scope.podRegex))
    .replace(/\$serviceRegex\b/g, inner(regexLiteral(scope.service)))
    .replace(/\$service\b/g, inner(scope.service))
    .replace(/\$rate\b/g, rate);
}

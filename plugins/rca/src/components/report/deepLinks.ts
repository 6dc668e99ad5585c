import { parseEntityRef } from '@backstage/catalog-model';

/** Where the report's queries can be re-run: the UIs of the sources, from `rca.ui.*`. */
export interface SourceUis {
  victoriaMetricsUrl?: string;
  victoriaLogsUrl?: string;
}

/** A query as the report lists it: `<source>: <query>` (Kubernetes: `kubernetes <cluster>: …`). */
export interface ReportQuery {
  source: string;
  query: string;
}

export function parseQuery(line: string): ReportQuery {
  const m = /^([a-z0-9-]+)(?: [^:]*)?: ([\s\S]*)$/.exec(line);
  return m ? { source: m[1], query: m[2] } : { source: 'other', query: line };
}

/** The catalog page of an entity, `/catalog/<namespace>/<kind>/<name>`. */
export function entityPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}`;
}

/** Minutes of the window, as vmui's range input (`90m`). */
function range(window: { from: string; to: string }): string {
  const ms = Date.parse(window.to) - Date.parse(window.from);
  return `${Math.max(1, Math.round(ms / 60_000))}m`;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** vmui's graph of `query` over the report's window. */
export function victoriaMetricsGraph(
  base: string,
  query: string,
  window: { from: string; to: string },
): string {
  const params = [
    `g0.expr=${encodeURIComponent(query)}`,
    `g0.range_input=${range(window)}`,
    `g0.end_input=${encodeURIComponent(window.to.slice(0, 19))}`,
    'g0.relative_time=none',
    'g0.tab=0',
  ];
  return `${trimSlash(base)}/vmui/#/?${params.join('&')}`;
}

/** VictoriaLogs' UI with `query` over the report's window. */
export function victoriaLogsQuery(
  base: string,
  query: string,
  window: { from: string; to: string },
): string {
  const params = [
    `query=${encodeURIComponent(query)}`,
    `g0.range_input=${range(window)}`,
    `g0.end_input=${encodeURIComponent(window.to.slice(0, 19))}`,
    'g0.relative_time=none',
  ];
  return `${trimSlash(base)}/select/vmui/#/?${params.join('&')}`;
}

/** The link that re-runs `q` in its source's UI, when that UI is configured. */
export function queryLink(
  q: ReportQuery,
  uis: SourceUis,
  window: { from: string; to: string },
): string | undefined {
  if (q.source === 'victoriametrics' && uis.victoriaMetricsUrl)
    return victoriaMetricsGraph(uis.victoriaMetricsUrl, q.query, window);
  if (q.source === 'victorialogs' && uis.victoriaLogsUrl)
    return victoriaLogsQuery(uis.victoriaLogsUrl, q.query, window);
  return undefined;
}

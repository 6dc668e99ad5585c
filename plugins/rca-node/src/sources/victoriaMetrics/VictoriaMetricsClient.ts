import { fetchWithDeadline, errorText, SourceError } from '../shared/httpJson';

export interface VictoriaMetricsClientOptions {
  /** Base URL, e.g. http://victoriametrics:8428 or http://vmselect:8481 for the cluster version. */
  url: string;
  /** Cluster version: `/select/<tenant>/prometheus` is inserted before `/api/v1`. */
  tenant?: string;
  headers?: Record<string, string>;
  bearerToken?: string;
  timeoutMs: number;
}

export interface Series {
  metric: Record<string, string>;
  /** [unix seconds, value]; NaN and ±Inf are dropped. */
  points: Array<[number, number]>;
}

/** A small Prometheus-API client: range queries only, lenient about VictoriaMetrics' extras. */
export class VictoriaMetricsClient {
  readonly #base: string;
  readonly #headers: Record<string, string>;
  readonly #timeoutMs: number;

  constructor(options: VictoriaMetricsClientOptions) {
    const root = options.url.replace(/\/+$/, '');
    this.#base = options.tenant
      ? `${root}/select/${encodeURIComponent(options.tenant)}/prometheus`
      : root;
    this.#headers = {
      ...options.headers,
      ...(options.bearerToken
        ? { authorization: `Bearer ${options.bearerToken}` }
        : {}),
    };
    this.#timeoutMs = options.timeoutMs;
  }

  get host(): string {
    return new URL(this.#base).host;
  }

  async queryRange(
    query: string,
    range: { start: number; end: number; stepSeconds: number },
    signal?: AbortSignal,
  ): Promise<Series[]> {
    const url = new URL(`${this.#base}/api/v1/query_range`);
    const body = new URLSearchParams({
      query,
      start: String(range.start),
      end: String(range.end),
      step: `${range.stepSeconds}s`,
    });
    const res = await fetchWithDeadline(url, {
      method: 'POST',
      headers: {
        ...this.#headers,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body,
      timeoutMs: this.#timeoutMs,
      signal,
    });
    if (!res.ok) throw new SourceError(await errorText(res), res.status);
    const json = (await res.json()) as {
      status?: string;
      error?: string;
      data?: {
        resultType?: string;
        result?: Array<{
          metric?: Record<string, string>;
          values?: Array<[number, string]>;
          value?: [number, string];
        }>;
      };
    };
    if (json.status !== 'success')
      throw new SourceError(json.error ?? 'query failed');
    return (json.data?.result ?? []).map(r => ({
      metric: r.metric ?? {},
      points: (r.values ?? (r.value ? [r.value] : []))
        .map(([t, v]) => [Number(t), Number(v)] as [number, number])
        .filter(([, v]) => Number.isFinite(v)),
    }));
  }
}

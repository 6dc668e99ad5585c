import { errorText, fetchWithDeadline, SourceError } from '../shared/httpJson';

export interface VictoriaLogsClientOptions {
  url: string;
  headers?: Record<string, string>;
  accountId?: string;
  projectId?: string;
  timeoutMs: number;
}

export type LogRow = Record<string, string>;

/** The LogsQL endpoints the collector needs: `/select/logsql/query` and `/select/logsql/stats_query`. */
export class VictoriaLogsClient {
  readonly #base: string;
  readonly #headers: Record<string, string>;
  readonly #timeoutMs: number;

  constructor(options: VictoriaLogsClientOptions) {
    this.#base = options.url.replace(/\/+$/, '');
    this.#headers = {
      ...options.headers,
      ...(options.accountId ? { AccountID: options.accountId } : {}),
      ...(options.projectId ? { ProjectID: options.projectId } : {}),
    };
    this.#timeoutMs = options.timeoutMs;
  }

  get host(): string {
    return new URL(this.#base).host;
  }

  async #post(
    path: string,
    params: Record<string, string>,
    signal?: AbortSignal,
  ) {
    const res = await fetchWithDeadline(new URL(`${this.#base}${path}`), {
      method: 'POST',
      headers: {
        ...this.#headers,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(params),
      timeoutMs: this.#timeoutMs,
      signal,
    });
    if (!res.ok) throw new SourceError(await errorText(res), res.status);
    return res;
  }

  /**
   * The newest `limit` rows matching `query` in [start, end]. The answer is JSON lines; the server
   * reports an error that happens after streaming started as a non-JSON line and a cut connection,
   * so any line that is not a JSON object fails the whole query rather than shortening it silently.
   */
  async query(
    query: string,
    range: { start: Date; end: Date; limit: number },
    signal?: AbortSignal,
  ): Promise<LogRow[]> {
    const res = await this.#post(
      '/select/logsql/query',
      {
        query,
        start: range.start.toISOString(),
        end: range.end.toISOString(),
        limit: String(range.limit),
      },
      signal,
    );
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw new SourceError(
        `the log stream broke off: ${(e as Error).message}`,
      );
    }
    const rows: LogRow[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      let row: unknown;
      try {
        row = JSON.parse(line);
      } catch {
        row = undefined;
      }
      if (!row || typeof row !== 'object')
        throw new SourceError(
          `the server reported an error mid-stream: ${line.slice(0, 300)}`,
        );
      rows.push(row as LogRow);
    }
    return rows;
  }

  /** `| stats by (...) count() as n` over [start, end]; Prometheus-style vector answer. */
  async stats(
    query: string,
    range: { start: Date; end: Date },
    signal?: AbortSignal,
  ): Promise<Array<{ labels: Record<string, string>; value: number }>> {
    const res = await this.#post(
      '/select/logsql/stats_query',
      {
        query,
        start: range.start.toISOString(),
        end: range.end.toISOString(),
        time: range.end.toISOString(),
      },
      signal,
    );
    const json = (await res.json()) as {
      status?: string;
      error?: string;
      data?: {
        result?: Array<{
          metric?: Record<string, string>;
          value?: [number, string];
        }>;
      };
    };
    if (json.status !== 'success')
      throw new SourceError(json.error ?? 'stats query failed');
    return (json.data?.result ?? []).map(r => {
      const { __name__: _, ...labels } = r.metric ?? {};
      return { labels, value: Number(r.value?.[1] ?? 0) };
    });
  }
}

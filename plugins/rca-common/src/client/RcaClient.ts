import { ResponseError } from '@backstage/errors';
import type { AnalysisRequest } from '../request';
import type {
  Analysis,
  CommittedReport,
  CreateAnalysisResponse,
  ListAnalysesRequest,
  ListAnalysesResponse,
  RcaRequestOptions,
} from './types';

/**
 * Options of {@link RcaClient}: the discovery and fetch APIs of the frontend, or the discovery
 * service of a backend.
 *
 * @public
 */
export interface RcaClientOptions {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  /** Default: the global `fetch`. */
  fetchApi?: { fetch: typeof fetch };
}

/**
 * A client for the rca backend's REST API (`/api/rca/v1`), for frontends and backends alike.
 * Non-2xx answers throw a `ResponseError` carrying the backend's error.
 *
 * @public
 */
export class RcaClient {
  readonly #discoveryApi: RcaClientOptions['discoveryApi'];
  readonly #fetchApi: { fetch: typeof fetch };

  constructor(options: RcaClientOptions) {
    this.#discoveryApi = options.discoveryApi;
    // Looked up at call time, so a fetch installed later (polyfill, test server) is used.
    this.#fetchApi = options.fetchApi ?? {
      fetch: (input, init) => fetch(input, init),
    };
  }

  /** Starts an analysis, or answers with the one already under way for the incident. */
  async createAnalysis(
    request: AnalysisRequest,
    options?: RcaRequestOptions,
  ): Promise<CreateAnalysisResponse> {
    const res = await this.#request('/v1/analyses', options, {
      method: 'POST',
      body: JSON.stringify(request),
    });
    return await res.json();
  }

  /** Analyses the caller may read, newest first. */
  async listAnalyses(
    request: ListAnalysesRequest = {},
    options?: RcaRequestOptions,
  ): Promise<ListAnalysesResponse> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(request))
      if (value !== undefined) query.set(key, String(value));
    const search = query.toString();
    const res = await this.#request(
      search ? `/v1/analyses?${search}` : '/v1/analyses',
      options,
    );
    return await res.json();
  }

  /** One analysis with its progress and, once done, its report. */
  async getAnalysis(
    id: string,
    options?: RcaRequestOptions,
  ): Promise<Analysis> {
    const res = await this.#request(
      `/v1/analyses/${encodeURIComponent(id)}`,
      options,
    );
    return await res.json();
  }

  /** The Markdown report of an analysis (404 until it is made). */
  async getAnalysisMarkdown(
    id: string,
    options?: RcaRequestOptions,
  ): Promise<string> {
    const res = await this.#request(
      `/v1/analyses/${encodeURIComponent(id)}/markdown`,
      options,
    );
    return await res.text();
  }

  /** The report committed to Git for an analysis (it outlives the analyses table). */
  async getReport(
    analysisId: string,
    options?: RcaRequestOptions,
  ): Promise<CommittedReport> {
    const res = await this.#request(
      `/v1/reports/${encodeURIComponent(analysisId)}`,
      options,
    );
    return await res.json();
  }

  /** The committed report file, front matter included. */
  async getReportMarkdown(
    analysisId: string,
    options?: RcaRequestOptions,
  ): Promise<string> {
    const res = await this.#request(
      `/v1/reports/${encodeURIComponent(analysisId)}/markdown`,
      options,
    );
    return await res.text();
  }

  async #request(
    path: string,
    options: RcaRequestOptions | undefined,
    init: { method?: string; body?: string } = {},
  ): Promise<Response> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('rca');
    const headers: Record<string, string> = {};
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (options?.token) headers.authorization = `Bearer ${options.token}`;
    const res = await this.#fetchApi.fetch(`${baseUrl}${path}`, {
      ...init,
      headers,
      ...(options?.signal ? { signal: options.signal } : {}),
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res;
  }
}

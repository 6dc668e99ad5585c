import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { CommittedReport, RcaApi } from './RcaApi';

/** Talks to the rca backend with the signed-in user's token (through `fetchApi`). */
export class RcaClient implements RcaApi {
  readonly #discovery: DiscoveryApi;
  readonly #fetch: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.#discovery = options.discoveryApi;
    this.#fetch = options.fetchApi;
  }

  async getReport(analysisId: string): Promise<CommittedReport> {
    const base = await this.#discovery.getBaseUrl('rca');
    const res = await this.#fetch.fetch(
      `${base}/v1/reports/${encodeURIComponent(analysisId)}`,
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as CommittedReport;
  }
}

import type {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  ForwardedError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ResponseError,
} from '@backstage/errors';
import type {
  Analysis,
  AnalysisRequest,
  CreateAnalysisResponse,
  ListAnalysesRequest,
  ListAnalysesResponse,
  RcaClient,
  RcaRequestOptions,
} from '@internal/plugin-rca-common';

/**
 * The rca REST API as the user who called the action: every request carries a token issued on
 * behalf of the caller, so the namespace policy and the permissions apply exactly as in the UI.
 * Only user principals may call it.
 */
export class UserRcaApi {
  readonly #client: RcaClient;
  readonly #auth: AuthService;
  readonly #credentials: BackstageCredentials;

  constructor(o: {
    client: RcaClient;
    auth: AuthService;
    credentials: BackstageCredentials;
  }) {
    this.#client = o.client;
    this.#auth = o.auth;
    this.#credentials = o.credentials;
  }

  createAnalysis(request: AnalysisRequest): Promise<CreateAnalysisResponse> {
    return this.#call(`analyse ${request.entityRef}`, o =>
      this.#client.createAnalysis(request, o),
    );
  }

  getAnalysis(id: string): Promise<Analysis> {
    return this.#call(`read analysis ${id}`, o =>
      this.#client.getAnalysis(id, o),
    );
  }

  listAnalyses(request: ListAnalysesRequest): Promise<ListAnalysesResponse> {
    const what = request.entityRef
      ? `list the analyses of ${request.entityRef}`
      : 'list analyses';
    return this.#call(what, o => this.#client.listAnalyses(request, o));
  }

  async #call<T>(
    what: string,
    request: (o: RcaRequestOptions) => Promise<T>,
  ): Promise<T> {
    // A token on behalf of a service would be issued as the rca plugin itself, which may read
    // every namespace: only users get one, so the namespace policy always applies.
    if (!this.#auth.isPrincipal(this.#credentials, 'user')) {
      throw new NotAllowedError(
        `Permission denied: you may not ${what}; the rca actions run as a signed-in user, not as a service`,
      );
    }
    const { token } = await this.#auth.getPluginRequestToken({
      onBehalfOf: this.#credentials,
      targetPluginId: 'rca',
    });
    try {
      return await request({ token });
    } catch (e) {
      throw describeFailure(what, e);
    }
  }
}

/** The rca API's answer as the error a model can act on, its own message kept. */
export function describeFailure(what: string, e: unknown): Error {
  if (!(e instanceof ResponseError)) return new ForwardedError(what, e);
  const reason = e.body?.error?.message ?? e.message;
  switch (e.statusCode) {
    case 400:
      return new InputError(`Cannot ${what}: ${reason}`);
    case 401:
    case 403:
      return new NotAllowedError(
        `Permission denied: you may not ${what} (${reason})`,
      );
    case 404:
      return new NotFoundError(`Cannot ${what}: ${reason}`);
    default:
      return new ForwardedError(`Cannot ${what}`, e);
  }
}

/** The rca API as a given caller. */
export type RcaApiFor = (credentials: BackstageCredentials) => UserRcaApi;

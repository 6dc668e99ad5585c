import {
  ApiException,
  AppsV1Api,
  AutoscalingV2Api,
  BatchV1Api,
  CoreV1Api,
  type CoreV1Event,
  NetworkingV1Api,
  Observable,
  RbacAuthorizationV1Api,
  type RequestContext,
  type ResponseContext,
  StorageV1Api,
} from '@kubernetes/client-node';
import { CustomErrorBase } from '@backstage/errors';
import { type ClusterConnection, kubeConfigFor } from '../shared/clusters';
import { withTimeout } from '../shared/withTimeout';

/** The cluster cannot be read at all (no answer, or its token rejected): the whole cluster is a gap. */
export class ClusterUnreachableError extends CustomErrorBase {
  name = 'ClusterUnreachableError' as const;
}

export type Page<T> = { items: T[]; metadata?: { _continue?: string } };
export type PageRequest = { limit: number; _continue?: string };

export function clients(c: ClusterConnection) {
  const kc = kubeConfigFor(c);
  return {
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    batch: kc.makeApiClient(BatchV1Api),
    autoscaling: kc.makeApiClient(AutoscalingV2Api),
    networking: kc.makeApiClient(NetworkingV1Api),
    storage: kc.makeApiClient(StorageV1Api),
    rbac: kc.makeApiClient(RbacAuthorizationV1Api),
  };
}

/**
 * Asks for `PartialObjectMetadataList`: the server sends names, labels, annotations and
 * managedFields, never `data`, so Secret values and ConfigMap contents do not leave the cluster.
 */
export const METADATA_ONLY = {
  middleware: [
    {
      pre: (ctx: RequestContext) => {
        ctx.setHeaderParam(
          'Accept',
          'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1',
        );
        return new Observable(Promise.resolve(ctx));
      },
      post: (response: ResponseContext) =>
        new Observable(Promise.resolve(response)),
    },
  ],
  middlewareMergeStrategy: 'append' as const,
};

export type KubeClients = ReturnType<typeof clients>;

export function describeApiError(e: unknown): {
  code?: number;
  message: string;
} {
  if (e instanceof ApiException) {
    let message = `HTTP ${e.code}`;
    try {
      const body = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
      if (body?.message)
        message = `${e.code} ${body.reason ?? ''}: ${body.message}`.replace(
          ' :',
          ':',
        );
    } catch {
      // body was not a Status object; the code is enough
    }
    return { code: e.code, message };
  }
  const err = e as {
    code?: string;
    message?: string;
    cause?: { code?: string };
  };
  return { message: err.cause?.code ?? err.code ?? err.message ?? String(e) };
}

/**
 * Reads one cluster during one collection: every request has a timeout, API errors become gaps,
 * and a cluster that does not answer at all aborts its whole collection.
 */
export class ClusterReader {
  readonly api: KubeClients;
  readonly #cluster: ClusterConnection;
  readonly #timeoutMs: number;
  /** API errors that did not abort the cluster, as evidence gaps. */
  readonly #gaps: string[];
  readonly #query: (text: string) => void;
  readonly #events = new Map<string, Promise<CoreV1Event[] | undefined>>();
  readonly #shared = new Map<string, Promise<unknown>>();
  #reached = false;

  constructor(
    cluster: ClusterConnection,
    options: {
      timeoutMs: number;
      gaps: string[];
      query: (text: string) => void;
    },
  ) {
    this.api = clients(cluster);
    this.#cluster = cluster;
    this.#timeoutMs = options.timeoutMs;
    this.#gaps = options.gaps;
    this.#query = options.query;
  }

  get name(): string {
    return this.#cluster.name;
  }

  /** One request with a timeout; API errors become gaps, a dead cluster aborts the whole cluster. */
  async call<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    const cluster = this.#cluster.name;
    try {
      const result = await withTimeout(fn(), this.#timeoutMs);
      this.#reached = true;
      return result;
    } catch (e) {
      const { code, message } = describeApiError(e);
      // Any HTTP status proves the server is there. The first requests go out together, so a
      // dead cluster costs one timeout and aborts the rest of that cluster.
      if (code !== undefined) this.#reached = true;
      if (code === 401)
        throw new ClusterUnreachableError(
          `401: the service-account token was rejected`,
        );
      if (code === undefined && !this.#reached)
        throw new ClusterUnreachableError(message);
      if (code === 403)
        this.#gaps.push(
          `cluster ${cluster}: forbidden to ${what} (grant get/list to the Backstage service account): ${message}`,
        );
      else if (code === 404)
        this.#gaps.push(
          `cluster ${cluster}: cannot ${what}: API not available (404)`,
        );
      else this.#gaps.push(`cluster ${cluster}: could not ${what}: ${message}`);
      return undefined;
    }
  }

  /** Every page of a list; what was read before a failing page is kept. */
  async listAll<T>(
    what: string,
    fn: (page: PageRequest) => Promise<Page<T>>,
  ): Promise<T[] | undefined> {
    const items: T[] = [];
    let token: string | undefined;
    do {
      const request = { limit: 500, _continue: token };
      const page = await this.call(what, () => fn(request));
      if (!page) return items.length ? items : undefined;
      items.push(...page.items);
      token = page.metadata?._continue || undefined;
    } while (token);
    return items;
  }

  /** The events of a namespace, read once per collection however many targets share it. */
  eventsIn(ns: string): Promise<CoreV1Event[] | undefined> {
    if (!this.#events.has(ns)) {
      this.#query(
        `kubernetes ${this.#cluster.name}: GET /api/v1/namespaces/${ns}/events`,
      );
      this.#events.set(
        ns,
        this.listAll(`list events in namespace ${ns}`, p =>
          this.api.core.listNamespacedEvent({ namespace: ns, ...p }),
        ),
      );
    }
    return this.#events.get(ns)!;
  }

  /**
   * A list of `plural` in a namespace, read once per collection and shared by every target in
   * that namespace (a namespace's quotas or policies are the same for all of them).
   */
  listShared<T>(
    plural: string,
    ns: string,
    fn: (page: PageRequest) => Promise<Page<T>>,
  ): Promise<T[] | undefined> {
    const key = `${plural}/${ns}`;
    if (!this.#shared.has(key))
      this.#shared.set(
        key,
        this.listAll(`list ${plural} in namespace ${ns}`, fn),
      );
    return this.#shared.get(key) as Promise<T[] | undefined>;
  }
}

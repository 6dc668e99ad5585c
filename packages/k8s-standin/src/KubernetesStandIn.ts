import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  apiPrefix,
  apiVersionOf,
  RESOURCE_TYPES,
  type ResourceType,
} from './resources';
import type { ClusterFaults, KubeObject, Scenario } from './scenario';
import { InputError, NotFoundError } from '@backstage/errors';
import { parseFieldSelector, parseLabelSelector } from './selectors';
import { fieldLabelsOf } from './fieldLabels';
import { toCoreEvent, toEventsV1 } from './eventViews';
import { discovery } from './discovery';

interface ClusterState {
  token?: string;
  faults: ClusterFaults;
  /** kind → objects, so a list touches only its own kind. Events are stored in their core/v1 shape. */
  byKind: Map<string, KubeObject[]>;
  /** Names of the CustomResourceDefinitions among the objects: only their resources are served. */
  crds: Set<string>;
}

interface Route {
  type: ResourceType;
  namespace?: string;
  name?: string;
}

function status(code: number, reason: string, message: string) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
}

/**
 * A local HTTP server speaking the read side of the Kubernetes API for several clusters at once:
 * cluster `c` lives under `/clusters/c`, so `@kubernetes/client-node` and Backstage's Kubernetes
 * plugin use it with `url: http://127.0.0.1:<port>/clusters/c`.
 */
export class KubernetesStandIn {
  readonly #clusters = new Map<string, ClusterState>();
  readonly #routes = new Map<string, ResourceType>();
  readonly #sockets = new Set<Socket>();
  #server?: http.Server;
  /** Requests served, for tests that check what the client asked. */
  readonly requests: string[] = [];
  /** The requests among them answered as PartialObjectMetadata (metadata only, no data). */
  readonly metadataOnlyRequests: string[] = [];

  constructor(scenario?: Scenario) {
    for (const t of RESOURCE_TYPES)
      this.#routes.set(`${apiPrefix(t)}/${t.plural}`, t);
    if (scenario) this.load(scenario);
  }

  load(scenario: Scenario): void {
    this.#clusters.clear();
    for (const [name, c] of Object.entries(scenario.clusters)) {
      const byKind = new Map<string, KubeObject[]>();
      for (const raw of c.objects) {
        const o = raw.kind === 'Event' ? toCoreEvent(raw) : raw;
        const list = byKind.get(o.kind) ?? [];
        list.push(o);
        byKind.set(o.kind, list);
      }
      const crds = new Set(
        (byKind.get('CustomResourceDefinition') ?? []).map(
          o => o.metadata.name,
        ),
      );
      this.#clusters.set(name, {
        token: c.token,
        faults: { ...c.faults },
        byKind,
        crds,
      });
    }
  }

  setFaults(cluster: string, faults: ClusterFaults): void {
    const c = this.#clusters.get(cluster);
    if (!c) throw new NotFoundError(`unknown cluster ${cluster}`);
    c.faults = { ...faults };
  }

  clusterUrl(cluster: string): string {
    return `${this.url}/clusters/${encodeURIComponent(cluster)}`;
  }

  get url(): string {
    const address = this.#server?.address() as AddressInfo | null;
    if (!address) throw new Error('stand-in not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    const server = http.createServer((req, res) => this.#handle(req, res));
    server.keepAliveTimeout = 1000;
    server.on('connection', s => {
      this.#sockets.add(s);
      s.on('close', () => this.#sockets.delete(s));
    });
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>(resolve => server.close(() => resolve()));
    this.#server = undefined;
  }

  #route(path: string): Route | undefined {
    // /api/v1/pods, /api/v1/namespaces/ns/pods, /api/v1/namespaces/ns/pods/name, /api/v1/nodes/name
    const m =
      /^(\/api\/[^/]+|\/apis\/[^/]+\/[^/]+)(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(
        path,
      );
    if (!m) return undefined;
    const [, prefix, namespace, plural, name] = m;
    const type = this.#routes.get(`${prefix}/${plural}`);
    if (!type) return undefined;
    if (namespace && !type.namespaced) return undefined;
    return {
      type,
      namespace: namespace && decodeURIComponent(namespace),
      name: name && decodeURIComponent(name),
    };
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    this.requests.push(`${req.method} ${url.pathname}${url.search}`);
    const send: Send = (code, body) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const m = /^\/clusters\/([^/]+)(\/.*)$/.exec(url.pathname);
    const cluster = m && this.#clusters.get(decodeURIComponent(m[1]));
    if (!m || !cluster) {
      send(404, status(404, 'NotFound', `no cluster at ${url.pathname}`));
      return;
    }
    if (!(await admit(cluster, req, send))) return;
    const served = RESOURCE_TYPES.filter(
      t =>
        (!t.crd || cluster.crds.has(t.crd)) &&
        !cluster.faults.missingResources?.includes(t.plural),
    );
    const doc = discovery(m[2], served);
    if (doc) {
      send(200, doc);
      return;
    }
    const route = this.#route(m[2]);
    if (!route || !served.includes(route.type)) {
      send(
        404,
        status(
          404,
          'NotFound',
          'the server could not find the requested resource',
        ),
      );
      return;
    }
    const metadataOnly = /;\s*as=PartialObjectMetadata/.test(
      String(req.headers.accept ?? ''),
    );
    if (metadataOnly) this.metadataOnlyRequests.push(this.requests.at(-1)!);
    serveRoute(cluster, route, url.searchParams, send, { metadataOnly });
  }
}

type Send = (code: number, body: unknown) => void;

/**
 * Applies the cluster's faults, its bearer token and the read-only rule; false when the request
 * has already been answered (or its socket dropped).
 */
async function admit(
  cluster: ClusterState,
  req: http.IncomingMessage,
  send: Send,
): Promise<boolean> {
  if (cluster.faults.down) {
    req.socket.destroy();
    return false;
  }
  if (cluster.faults.delayMs) {
    await new Promise(r => setTimeout(r, cluster.faults.delayMs));
    if (req.socket.destroyed) return false;
  }
  if (
    cluster.token &&
    req.headers.authorization !== `Bearer ${cluster.token}`
  ) {
    send(401, status(401, 'Unauthorized', 'Unauthorized'));
    return false;
  }
  if (req.method !== 'GET') {
    send(405, status(405, 'MethodNotAllowed', 'the stand-in is read-only'));
    return false;
  }
  return true;
}

function serveRoute(
  cluster: ClusterState,
  { type, namespace, name }: Route,
  params: URLSearchParams,
  send: Send,
  options: { metadataOnly: boolean },
) {
  if (namespace && cluster.faults.forbiddenNamespaces?.includes(namespace)) {
    send(
      403,
      status(
        403,
        'Forbidden',
        `${type.plural} is forbidden: User "system:serviceaccount:backstage:rca" cannot list resource "${type.plural}" in API group "${type.group}" in the namespace "${namespace}"`,
      ),
    );
    return;
  }
  const view = viewOf(type, options.metadataOnly);
  let objects = cluster.byKind.get(type.kind) ?? [];
  if (namespace)
    objects = objects.filter(o => o.metadata.namespace === namespace);
  if (name) {
    const found = objects.find(o => o.metadata.name === name);
    if (found) send(200, view.one(found));
    else
      send(404, status(404, 'NotFound', `${type.plural} "${name}" not found`));
    return;
  }
  try {
    objects = selectObjects(type, objects, params);
  } catch (e) {
    if (e instanceof InputError) {
      send(400, status(400, 'BadRequest', e.message));
      return;
    }
    throw e;
  }
  send(200, listPage(view, objects, params));
}

interface View {
  kind: string;
  apiVersion: string;
  one(o: KubeObject): unknown;
}

/**
 * How objects of `type` are shown: in its own version, or as `PartialObjectMetadata` when the
 * client asked for metadata only (`Accept: application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1`).
 */
function viewOf(type: ResourceType, metadataOnly: boolean): View {
  if (metadataOnly)
    return {
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      one: o => ({
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: o.metadata,
      }),
    };
  const apiVersion = apiVersionOf(type);
  const convert = type.group === 'events.k8s.io' ? toEventsV1 : undefined;
  return {
    kind: type.kind,
    apiVersion,
    one: o => ({ ...(convert ? convert(o) : o), apiVersion }),
  };
}

/** Filters by `labelSelector` and `fieldSelector`; throws InputError on a malformed selector. */
function selectObjects(
  type: ResourceType,
  objects: KubeObject[],
  params: URLSearchParams,
) {
  const labels = parseLabelSelector(params.get('labelSelector') ?? '');
  const fields = parseFieldSelector(
    params.get('fieldSelector') ?? '',
    fieldLabelsOf(type),
  );
  if (!labels.length && !fields.length) return objects;
  return objects.filter(
    o =>
      labels.every(r => r(o.metadata.labels ?? {})) && fields.every(f => f(o)),
  );
}

/** One page of a list, honouring `limit` and the opaque `continue` token. */
function listPage(view: View, objects: KubeObject[], params: URLSearchParams) {
  const limit = Number(params.get('limit') ?? 0);
  const offset = Number(
    Buffer.from(params.get('continue') ?? '', 'base64url').toString() || 0,
  );
  let items = objects;
  let next: string | undefined;
  if (limit > 0) {
    items = objects.slice(offset, offset + limit);
    if (offset + limit < objects.length) {
      next = Buffer.from(String(offset + limit)).toString('base64url');
    }
  }
  return {
    apiVersion: view.apiVersion,
    kind: `${view.kind}List`,
    metadata: { resourceVersion: '1', ...(next ? { continue: next } : {}) },
    items: items.map(view.one),
  };
}

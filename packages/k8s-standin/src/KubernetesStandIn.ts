import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { apiPrefix, RESOURCE_TYPES, type ResourceType } from './resources';
import type { ClusterFaults, KubeObject, Scenario } from './scenario';
import { InputError, NotFoundError } from '@backstage/errors';
import { parseFieldSelector, parseLabelSelector } from './selectors';

interface ClusterState {
  token?: string;
  faults: ClusterFaults;
  /** kind → objects, so a list touches only its own kind. */
  byKind: Map<string, KubeObject[]>;
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

  constructor(scenario?: Scenario) {
    for (const t of RESOURCE_TYPES)
      this.#routes.set(`${apiPrefix(t)}/${t.plural}`, t);
    if (scenario) this.load(scenario);
  }

  load(scenario: Scenario): void {
    this.#clusters.clear();
    for (const [name, c] of Object.entries(scenario.clusters)) {
      const byKind = new Map<string, KubeObject[]>();
      for (const o of c.objects) {
        const list = byKind.get(o.kind) ?? [];
        list.push(o);
        byKind.set(o.kind, list);
      }
      this.#clusters.set(name, {
        token: c.token,
        faults: { ...c.faults },
        byKind,
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
    const route = this.#route(m[2]);
    if (
      !route ||
      cluster.faults.missingResources?.includes(route.type.plural)
    ) {
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
    serveRoute(cluster, route, url.searchParams, send);
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
  let objects = cluster.byKind.get(type.kind) ?? [];
  if (namespace)
    objects = objects.filter(o => o.metadata.namespace === namespace);
  if (name) {
    const found = objects.find(o => o.metadata.name === name);
    if (found) send(200, { apiVersion: apiVersionOf(type), ...found });
    else
      send(404, status(404, 'NotFound', `${type.plural} "${name}" not found`));
    return;
  }
  try {
    objects = selectObjects(objects, params);
  } catch (e) {
    if (e instanceof InputError) {
      send(400, status(400, 'BadRequest', e.message));
      return;
    }
    throw e;
  }
  send(200, listPage(type, objects, params));
}

/** Filters by `labelSelector` and `fieldSelector`; throws InputError on a malformed selector. */
function selectObjects(objects: KubeObject[], params: URLSearchParams) {
  const labels = parseLabelSelector(params.get('labelSelector') ?? '');
  const fields = parseFieldSelector(params.get('fieldSelector') ?? '');
  if (!labels.length && !fields.length) return objects;
  return objects.filter(
    o =>
      labels.every(r => r(o.metadata.labels ?? {})) && fields.every(f => f(o)),
  );
}

/** One page of a list, honouring `limit` and the opaque `continue` token. */
function listPage(
  type: ResourceType,
  objects: KubeObject[],
  params: URLSearchParams,
) {
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
    apiVersion: apiVersionOf(type),
    kind: `${type.kind}List`,
    metadata: { resourceVersion: '1', ...(next ? { continue: next } : {}) },
    items: items.map(o => ({ apiVersion: apiVersionOf(type), ...o })),
  };
}

function apiVersionOf(t: ResourceType) {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

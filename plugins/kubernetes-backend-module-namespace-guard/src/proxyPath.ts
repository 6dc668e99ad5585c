import { InputError } from '@backstage/errors';

/** What a proxied Kubernetes API path touches. */
export type ProxyTarget =
  | { kind: 'discovery' }
  | { kind: 'namespace'; namespace: string }
  | { kind: 'cluster' };

/**
 * Finds the namespace of a Kubernetes API path (`/api/v1/namespaces/x/pods`,
 * `/apis/apps/v1/watch/namespaces/x/deployments`…). Segments are decoded first, as the API server
 * does, so `payments%2Dprod` is `payments-prod`; paths with empty, `.` or `..` segments are refused
 * because the server would resolve them to another namespace than the one checked here. Discovery
 * paths (`/api`, `/apis/apps/v1`, `/version`) carry no workload data; every other path without a
 * namespace is cluster-scoped (nodes, all pods, the namespace list).
 */
export function parseProxyPath(path: string): ProxyTarget {
  return targetOf(decodeSegments(path));
}

function targetOf(segs: string[]): ProxyTarget {
  if (!segs.length || (segs.length === 1 && segs[0] === 'version'))
    return { kind: 'discovery' };
  const rest = resourcePath(segs);
  if (!rest) return { kind: 'cluster' };
  if (!rest.length) return { kind: 'discovery' };
  if (rest[0] === 'namespaces' && rest.length > 1)
    return { kind: 'namespace', namespace: rest[1] };
  return { kind: 'cluster' };
}

function decodeSegments(path: string): string[] {
  const raw = path.split('/').slice(1);
  if (raw.length && raw[raw.length - 1] === '') raw.pop();
  let segs: string[];
  try {
    segs = raw.map(s => decodeURIComponent(s));
  } catch {
    throw new InputError(
      `Malformed Kubernetes API path ${JSON.stringify(path.slice(0, 200))}`,
    );
  }
  if (segs.some(s => s === '' || s === '.' || s === '..' || s.includes('/')))
    throw new InputError(
      `Kubernetes API path ${JSON.stringify(
        path.slice(0, 200),
      )} has empty, '.' or '..' segments; send the canonical path`,
    );
  return segs;
}

/**
 * The segments after `/api/<version>` or `/apis/<group>/<version>` and a leading `watch` (empty for
 * discovery such as `/api/v1`), undefined for paths outside the API groups.
 */
function resourcePath(segs: string[]): string[] | undefined {
  let rest: string[];
  if (segs[0] === 'api') rest = segs.slice(2);
  else if (segs[0] === 'apis') rest = segs.slice(3);
  else return undefined;
  return rest[0] === 'watch' && rest.length > 1 ? rest.slice(1) : rest;
}

/** Methods that only read; every other method changes the cluster. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Subresources that act on a running workload: they are upgraded to a websocket or stream through a
 * GET, so they are writes whatever the method.
 */
const ACTION_SUBRESOURCES = new Set(['exec', 'attach', 'portforward', 'proxy']);

/** A proxied request: what it touches, and whether it reads or changes the cluster. */
export interface ProxyRequest {
  target: ProxyTarget;
  /** Why the request is a write (`DELETE`, `GET exec`…); undefined for a read. */
  write?: string;
}

/**
 * Classifies a proxied request. A write is any method but GET, HEAD and OPTIONS, and any `exec`,
 * `attach`, `portforward` or `proxy` subresource (`…/pods/x/exec`, `…/services/x/proxy/…`,
 * `/api/v1/nodes/x/proxy/…`, the legacy `/api/v1/proxy/…`). Discovery paths are cluster-scoped
 * when written to, so a write never escapes a check.
 */
export function classifyProxyRequest(
  method: string,
  path: string,
): ProxyRequest {
  const verb = method.toUpperCase();
  const segs = decodeSegments(path);
  const target = targetOf(segs);
  const rest = resourcePath(segs) ?? [];
  const resource = rest[0] === 'namespaces' && rest.length > 2 ? 2 : 0;
  // `proxy` first is the legacy `/api/v1/proxy/namespaces/x/…`; else `<resource>/<name>/<sub>`.
  const action =
    rest[0] === 'proxy' ? 'proxy' : rest[resource + 2]?.toLowerCase();
  let write: string | undefined;
  if (action && ACTION_SUBRESOURCES.has(action)) write = `${verb} ${action}`;
  else if (!READ_METHODS.has(verb)) write = verb;
  // Changing the Namespace object itself (`namespaces/<ns>`, e.g. DELETE) is cluster-scoped.
  const namespaceObject = rest[0] === 'namespaces' && rest.length <= 2;
  if (write && (target.kind === 'discovery' || namespaceObject))
    return { target: { kind: 'cluster' }, write };
  return { target, write };
}

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
  if (!segs.length || (segs.length === 1 && segs[0] === 'version'))
    return { kind: 'discovery' };
  let rest: string[];
  if (segs[0] === 'api') rest = segs.slice(2);
  else if (segs[0] === 'apis') rest = segs.slice(3);
  else return { kind: 'cluster' };
  if (!rest.length) return { kind: 'discovery' };
  if (rest[0] === 'watch') rest = rest.slice(1);
  if (rest[0] === 'namespaces' && rest.length > 1)
    return { kind: 'namespace', namespace: rest[1] };
  return { kind: 'cluster' };
}

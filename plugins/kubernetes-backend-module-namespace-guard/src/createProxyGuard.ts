import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { NamespaceAccess } from '@internal/plugin-k8s-namespace-policy-node';
import type { KubernetesClustersSupplier } from '@backstage/plugin-kubernetes-node';
import type { NextFunction, Request, Response } from 'express';
import type { ProxyWriteCheck } from './checkProxyWrite';
import { classifyProxyRequest } from './proxyPath';

const CLUSTER_HEADER = 'backstage-kubernetes-cluster';

/**
 * Middleware in front of `/api/kubernetes/proxy`: the namespace comes from the proxied path, the
 * cluster from the `Backstage-Kubernetes-Cluster` header (or the only cluster). Reads need
 * `kubernetes.namespace.read`; writes (see {@link classifyProxyRequest}) need
 * `kubernetes.namespace.write` instead. A denied request is answered 403 here and never forwarded.
 */
export function createProxyGuard(o: {
  httpAuth: HttpAuthService;
  access: NamespaceAccess;
  checkWrite: ProxyWriteCheck;
  clusterSupplier: KubernetesClustersSupplier;
}) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const { target, write } = classifyProxyRequest(req.method, req.path);
    if (target.kind === 'discovery') {
      next();
      return;
    }
    const credentials = await o.httpAuth.credentials(req);
    let cluster = req.header(CLUSTER_HEADER);
    if (!cluster) {
      const clusters = await o.clusterSupplier.getClusters({ credentials });
      if (clusters.length !== 1)
        throw new InputError(
          `Set the Backstage-Kubernetes-Cluster header: ${clusters.length} clusters are configured`,
        );
      cluster = clusters[0].name;
    }
    const ref = {
      cluster,
      namespace: target.kind === 'namespace' ? target.namespace : '',
    };
    if (write) {
      // The policy grants write only where it grants read, so write alone decides.
      const denied = await o.checkWrite({
        credentials,
        ref,
        write,
        request: req,
      });
      if (denied) throw denied;
      next();
      return;
    }
    const [decision] = await o.access.check({
      credentials,
      refs: [ref],
      via: 'proxy',
      request: req,
    });
    if (!decision.allowed) throw decision.error;
    next();
  };
}

import type { Config } from '@backstage/config';
import { readClusterConnections } from '../shared/clusters';
import type { K8sGptCollectorOptions } from './K8sGptCollector';

/** `rca.k8sgpt`; the source is on only with `enabled: true`, as the operator is optional. */
export function readK8sGptOptions(
  config: Config,
): K8sGptCollectorOptions | undefined {
  const c = config.getOptionalConfig('rca.k8sgpt');
  if (!c?.getOptionalBoolean('enabled')) return undefined;
  return {
    clusters: readClusterConnections(config),
    namespace: c.getOptionalString('namespace'),
    requestTimeoutMs:
      config.getOptionalNumber('rca.kubernetes.requestTimeoutMs') ?? 5000,
  };
}

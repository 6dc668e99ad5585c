import type { Config } from '@backstage/config';
import { readClusterConnections } from '../shared/clusters';
import type { KubernetesCollectorOptions } from './KubernetesCollector';

export function readKubernetesCollectorOptions(
  config: Config,
): KubernetesCollectorOptions {
  return {
    clusters: readClusterConnections(config),
    requestTimeoutMs:
      config.getOptionalNumber('rca.kubernetes.requestTimeoutMs') ?? 5000,
    lookbackMs:
      (config.getOptionalNumber('rca.kubernetes.lookbackMinutes') ?? 60) *
      60_000,
  };
}

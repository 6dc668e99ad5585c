import { KubeConfig } from '@kubernetes/client-node';
import type { Config } from '@backstage/config';

/** A cluster from the standard `kubernetes` config, as the Kubernetes plugin reads it. */
export interface ClusterConnection {
  name: string;
  url: string;
  serviceAccountToken?: string;
  skipTLSVerify?: boolean;
  caData?: string;
}

/**
 * Reads the clusters of every `type: config` cluster locator. Other locators (catalog, gke,
 * localKubectlProxy) are not followed: the RCA engine needs a token it can use on its own.
 */
export function readClusterConnections(config: Config): ClusterConnection[] {
  const locators =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  return locators
    .filter(l => l.getString('type') === 'config')
    .flatMap(l => l.getOptionalConfigArray('clusters') ?? [])
    .map(c => ({
      name: c.getString('name'),
      url: c.getString('url'),
      serviceAccountToken: c.getOptionalString('serviceAccountToken'),
      skipTLSVerify: c.getOptionalBoolean('skipTLSVerify'),
      caData: c.getOptionalString('caData'),
    }));
}

/** A KubeConfig for one cluster with its own service account token. */
export function kubeConfigFor(c: ClusterConnection): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: c.name,
        server: c.url,
        skipTLSVerify: c.skipTLSVerify ?? false,
        caData: c.caData,
      },
    ],
    users: [{ name: `${c.name}-rca`, token: c.serviceAccountToken }],
    contexts: [{ name: c.name, cluster: c.name, user: `${c.name}-rca` }],
    currentContext: c.name,
  });
  return kc;
}

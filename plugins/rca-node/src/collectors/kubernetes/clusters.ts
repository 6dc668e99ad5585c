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

import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { isValidNamespaceName } from './namespaceRef';

/** Namespaces given to owners explicitly. @public */
export interface NamespaceOverride {
  namespace: string;
  owners: string[];
}

/** Settings that one cluster may change. @public */
export interface ClusterNamespacePolicy {
  environments: string[];
  strict: boolean;
  overrides: Map<string, string[]>;
}

/** `permission.k8sNamespacePolicy`, read once. @public */
export interface NamespacePolicyConfig extends ClusterNamespacePolicy {
  groupNamespace: string;
  /** Group refs (lower case) that see every namespace and pass every permission. */
  adminGroups: string[];
  /**
   * Group refs (lower case) that may write through the Kubernetes proxy in the namespaces they may
   * read. Admins always may; everybody else may not.
   */
  writeGroups: string[];
  /** Read the owner from the `backstage.io/owner` annotation of the Namespace object. */
  namespaceOwnerAnnotation: boolean;
  /** Decision for permissions the policy has no rule for. */
  defaultDecision: 'allow' | 'deny';
  /** How long the Kubernetes guard and RCA reuse a decision for one user and namespace. */
  decisionCacheTtlMs: number;
  clusters: Map<string, ClusterNamespacePolicy>;
}

export const DEFAULT_ENVIRONMENTS = ['prod', 'staging', 'dev', 'test'];

/** A group ref in canonical lower-case form; bare names are groups of `groupNamespace`. */
export function normalizeGroupRef(ref: string, groupNamespace: string): string {
  return stringifyEntityRef(
    parseEntityRef(ref.trim(), {
      defaultKind: 'group',
      defaultNamespace: groupNamespace,
    }),
  ).toLowerCase();
}

function readOverrides(
  configs: Config[] | undefined,
  groupNamespace: string,
  where: string,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  (configs ?? []).forEach((c, i) => {
    const namespace = c.getString('namespace').toLowerCase();
    const owners = c.getStringArray('owners');
    if (!owners.length)
      throw new InputError(
        `${where}.overrides[${i}] (${namespace}): owners must list at least one group`,
      );
    out.set(namespace, [
      ...(out.get(namespace) ?? []),
      ...owners.map(o => normalizeOwner(o, groupNamespace, where)),
    ]);
  });
  return out;
}

function normalizeOwner(ref: string, groupNamespace: string, where: string) {
  try {
    return normalizeGroupRef(ref, groupNamespace);
  } catch (e) {
    throw new InputError(
      `${where}: invalid owner ${JSON.stringify(ref)}: ${(e as Error).message}`,
    );
  }
}

function readGroups(
  c: Config | undefined,
  key: string,
  groupNamespace: string,
  where: string,
): string[] {
  return (c?.getOptionalStringArray(key) ?? []).map(g =>
    normalizeOwner(g, groupNamespace, `${where}.${key}`),
  );
}

function readEnvironments(c: Config | undefined, fallback: string[]) {
  const envs = c
    ?.getOptionalStringArray('environments')
    ?.map(e => e.trim().toLowerCase());
  if (envs?.some(e => !isValidNamespaceName(e)))
    throw new InputError(
      `permission.k8sNamespacePolicy.environments: ${JSON.stringify(
        envs,
      )} must be lower-case DNS labels such as prod or staging`,
    );
  return envs ?? fallback;
}

/**
 * Reads `permission.k8sNamespacePolicy`. Every part is optional; the defaults are strict mode, the
 * environments prod, staging, dev and test, and groups in the `default` namespace.
 *
 * @public
 */
export function readNamespacePolicyConfig(root: Config): NamespacePolicyConfig {
  const where = 'permission.k8sNamespacePolicy';
  const c = root.getOptionalConfig(where);
  const groupNamespace = c?.getOptionalString('groupNamespace') ?? 'default';
  const environments = readEnvironments(c, DEFAULT_ENVIRONMENTS);
  const strict = c?.getOptionalBoolean('strict') ?? true;
  const overrides = readOverrides(
    c?.getOptionalConfigArray('overrides'),
    groupNamespace,
    where,
  );
  const defaultDecision = c?.getOptionalString('defaultDecision') ?? 'allow';
  if (defaultDecision !== 'allow' && defaultDecision !== 'deny')
    throw new InputError(
      `${where}.defaultDecision must be allow or deny, not ${JSON.stringify(
        defaultDecision,
      )}`,
    );
  const clusters = new Map<string, ClusterNamespacePolicy>();
  const clustersConfig = c?.getOptionalConfig('clusters');
  for (const name of clustersConfig?.keys() ?? []) {
    const cc = clustersConfig!.getConfig(name);
    clusters.set(name, {
      environments: readEnvironments(cc, environments),
      strict: cc.getOptionalBoolean('strict') ?? strict,
      overrides: new Map([
        ...overrides,
        ...readOverrides(
          cc.getOptionalConfigArray('overrides'),
          groupNamespace,
          `${where}.clusters.${name}`,
        ),
      ]),
    });
  }
  return {
    environments,
    strict,
    overrides,
    groupNamespace,
    adminGroups: readGroups(c, 'adminGroups', groupNamespace, where),
    writeGroups: readGroups(c, 'writeGroups', groupNamespace, where),
    namespaceOwnerAnnotation:
      c?.getOptionalBoolean('namespaceOwnerAnnotation') ?? false,
    defaultDecision,
    decisionCacheTtlMs:
      (c?.getOptionalNumber('decisionCacheTtlSeconds') ?? 10) * 1000,
    clusters,
  };
}

/** The settings in force for one cluster. @public */
export function clusterPolicy(
  config: NamespacePolicyConfig,
  cluster: string,
): ClusterNamespacePolicy {
  return config.clusters.get(cluster) ?? config;
}

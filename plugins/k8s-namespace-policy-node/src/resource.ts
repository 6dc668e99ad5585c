import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
  type PermissionRuleset,
} from '@backstage/plugin-permission-node';
import {
  KUBERNETES_NAMESPACE_RESOURCE_TYPE,
  type NamespaceOwner,
  type NamespaceRef,
} from '@internal/plugin-k8s-namespace-policy-common';
import { z } from 'zod';

/**
 * A namespace as the rules see it: where it is, who owns it, and whether that owner is known.
 *
 * @public
 */
export interface KubernetesNamespaceResource
  extends NamespaceRef,
    NamespaceOwner {
  /**
   * Whether the owner is established: an override or annotation, or a derived group that exists in
   * the catalog. False for names whose group is unknown, the cluster scope and invalid names.
   */
  mapped: boolean;
  /** Strict mode of the namespace's cluster: an unmapped namespace is then admins only. */
  strict: boolean;
}

/** Parameters of the rules, for plugins that filter lists themselves. @public */
export type KubernetesNamespaceQuery =
  | { claims: string[] }
  | { unmapped: true };

/** @public */
export const kubernetesNamespaceResourceRef = createPermissionResourceRef<
  KubernetesNamespaceResource,
  KubernetesNamespaceQuery
>().with({
  pluginId: 'kubernetes',
  resourceType: KUBERNETES_NAMESPACE_RESOURCE_TYPE,
});

/** Allows the owners of the namespace. @public */
export const isNamespaceOwner = createPermissionRule({
  name: 'IS_NAMESPACE_OWNER',
  description:
    'Allow when one of the claims (the user and their groups) owns the namespace',
  resourceRef: kubernetesNamespaceResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Ownership entity refs of the user, lower case'),
  }),
  apply: (resource, { claims }) =>
    resource.owners.some(owner => claims.includes(owner)),
  toQuery: ({ claims }) => ({ claims }),
});

/** Matches namespaces whose owner is not established (never the cluster scope or invalid names). @public */
export const isUnmappedNamespace = createPermissionRule({
  name: 'IS_UNMAPPED_NAMESPACE',
  description:
    'Allow namespaces whose owning group is unknown, in clusters where the policy is not strict',
  resourceRef: kubernetesNamespaceResourceRef,
  paramsSchema: z.object({}),
  apply: resource =>
    !resource.strict &&
    !resource.mapped &&
    resource.source !== 'cluster-scope' &&
    resource.source !== 'invalid',
  toQuery: () => ({ unmapped: true as const }),
});

/** @public */
export const kubernetesNamespaceRules = {
  isNamespaceOwner,
  isUnmappedNamespace,
};

/** @public */
export const {
  conditions: kubernetesNamespaceConditions,
  createConditionalDecision: createKubernetesNamespaceConditionalDecision,
} = createConditionExports({
  resourceRef: kubernetesNamespaceResourceRef,
  rules: kubernetesNamespaceRules,
});

/**
 * The rules as a ruleset, for `createConditionAuthorizer` when a decision is applied in process
 * (the permissions registry builds the same one for the Kubernetes plugin).
 *
 * @public
 */
export const kubernetesNamespaceRuleset: PermissionRuleset<
  KubernetesNamespaceResource,
  KubernetesNamespaceQuery,
  typeof KUBERNETES_NAMESPACE_RESOURCE_TYPE
> = {
  getRuleByName(name: string) {
    const rule = Object.values(kubernetesNamespaceRules).find(
      r => r.name === name,
    );
    if (!rule) throw new Error(`Unknown kubernetes-namespace rule ${name}`);
    return rule as never;
  },
};

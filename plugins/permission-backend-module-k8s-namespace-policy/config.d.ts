export interface Config {
  permission?: {
    /**
     * The Kubernetes namespace policy: a namespace belongs to the group named by the namespace
     * without its environment suffix (`platform-engineering-prod` → `group:default/platform-engineering`).
     */
    k8sNamespacePolicy?: {
      /**
       * Environment suffixes removed to find the owning group. Default prod, staging, dev, test.
       * @visibility backend
       */
      environments?: string[];
      /**
       * Catalog namespace of the owning groups. Default `default`.
       * @visibility backend
       */
      groupNamespace?: string;
      /**
       * Deny namespaces whose owning group is not in the catalog (admins still see them). When false
       * they are open to every signed-in user and each access is audited as a warning. Default true.
       * @visibility backend
       */
      strict?: boolean;
      /**
       * Groups that see every namespace, the cluster-scoped objects, and pass every permission.
       * @visibility backend
       */
      adminGroups?: string[];
      /**
       * Groups that may write through the Kubernetes proxy (`kubernetes.namespace.write`: any method
       * but GET/HEAD/OPTIONS, and exec, attach, portforward, proxy) in the namespaces they may read;
       * never cluster-scoped objects. Admins always may. Default none: the proxy is read-only.
       * @visibility backend
       */
      writeGroups?: string[];
      /**
       * Namespaces given to owners explicitly; these win over the annotation and the name.
       * @visibility backend
       */
      overrides?: Array<{
        /** The namespace name. */
        namespace: string;
        /** Group refs (`group:default/payments`, or `payments`). */
        owners: string[];
      }>;
      /**
       * Per-cluster changes, keyed by the cluster name in `kubernetes.clusterLocatorMethods`.
       * @visibility backend
       */
      clusters?: {
        [clusterName: string]: {
          environments?: string[];
          strict?: boolean;
          /** Added to (and winning over) the global overrides for this cluster. */
          overrides?: Array<{ namespace: string; owners: string[] }>;
        };
      };
      /**
       * Read the owner from the `backstage.io/owner` annotation of the Namespace object (needs get on
       * namespaces for the Backstage service account). Default false.
       * @visibility backend
       */
      namespaceOwnerAnnotation?: boolean;
      /**
       * Decision for permissions outside the documented matrix. Default allow.
       * @visibility backend
       */
      defaultDecision?: 'allow' | 'deny';
      /**
       * How long the Kubernetes guard and RCA reuse one user's decision for a namespace. Default 10;
       * 0 asks the policy on every request.
       * @visibility backend
       */
      decisionCacheTtlSeconds?: number;
    };
  };
}

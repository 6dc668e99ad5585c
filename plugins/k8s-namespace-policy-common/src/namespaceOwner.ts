import { isValidNamespaceName } from './namespaceRef';
import {
  clusterPolicy,
  normalizeGroupRef,
  type NamespacePolicyConfig,
} from './namespacePolicyConfig';

/** Where a namespace's owners came from. @public */
export type NamespaceOwnerSource =
  | 'override'
  | 'annotation'
  | 'environment-suffix'
  | 'name'
  | 'cluster-scope'
  | 'invalid';

/** Who owns a namespace, and why. @public */
export interface NamespaceOwner {
  /** Group refs in lower case; empty for the cluster scope and invalid names. */
  owners: string[];
  /** The environment suffix, when the name carries one. */
  environment?: string;
  source: NamespaceOwnerSource;
}

const ENTITY_NAME = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/;

/**
 * The owners of a namespace: an override wins, then the Namespace object's owner annotation (when
 * read), then the group named by the namespace without its environment suffix
 * (`platform-engineering-prod` → `group:default/platform-engineering`), else the group named like
 * the whole namespace. Only one suffix is removed, and only a whole `-<env>` at the end counts:
 * `x-test-prod` → `x-test`, `a-prod-b` and `prod` keep their whole name.
 *
 * @public
 */
export function deriveNamespaceOwner(
  config: NamespacePolicyConfig,
  cluster: string,
  namespace: string,
  annotationOwner?: string,
): NamespaceOwner {
  if (namespace === '') return { owners: [], source: 'cluster-scope' };
  if (!isValidNamespaceName(namespace))
    return { owners: [], source: 'invalid' };
  const policy = clusterPolicy(config, cluster);
  const environment = policy.environments.find(
    env =>
      namespace.length > env.length + 1 &&
      namespace.endsWith(`-${env}`) &&
      ENTITY_NAME.test(namespace.slice(0, -env.length - 1)),
  );
  const override = policy.overrides.get(namespace);
  if (override) return { owners: override, environment, source: 'override' };
  if (annotationOwner) {
    try {
      return {
        owners: [normalizeGroupRef(annotationOwner, config.groupNamespace)],
        environment,
        source: 'annotation',
      };
    } catch {
      // an unparsable annotation is ignored: the name decides
    }
  }
  const group = environment
    ? namespace.slice(0, -environment.length - 1)
    : namespace;
  return {
    owners: [`group:${config.groupNamespace}/${group}`.toLowerCase()],
    environment,
    source: environment ? 'environment-suffix' : 'name',
  };
}

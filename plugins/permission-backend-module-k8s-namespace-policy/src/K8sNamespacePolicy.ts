import type {
  LoggerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  type NamespacePolicyConfig,
  readNamespacePolicyConfig,
} from '@internal/plugin-k8s-namespace-policy-common';
import {
  createKubernetesNamespaceConditionalDecision,
  kubernetesNamespaceConditions,
} from '@internal/plugin-k8s-namespace-policy-node';
import { decisionMatrix, type MatrixDecision } from './decisionMatrix';
import { reportReaderCriteria } from './reportReaders';

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/**
 * The backend's permission policy. Teams see the Kubernetes namespaces their groups own; other
 * permissions follow {@link decisionMatrix}. Group membership is the user's ownership claims from
 * `userInfo`, so it works the same with guest, GitHub or ZITADEL sign-in.
 *
 * @public
 */
export class K8sNamespacePolicy implements PermissionPolicy {
  static fromConfig(
    config: Config,
    deps: { userInfo: UserInfoService; logger?: LoggerService },
  ): K8sNamespacePolicy {
    return new K8sNamespacePolicy(readNamespacePolicyConfig(config), deps);
  }

  readonly #config: NamespacePolicyConfig;
  readonly #userInfo: UserInfoService;
  readonly #admins: Set<string>;
  readonly #writers: Set<string>;
  readonly #matrix: Map<string, MatrixDecision>;
  readonly #anyNonStrict: boolean;

  constructor(
    config: NamespacePolicyConfig,
    deps: { userInfo: UserInfoService; logger?: LoggerService },
  ) {
    this.#config = config;
    this.#userInfo = deps.userInfo;
    this.#admins = new Set(config.adminGroups);
    this.#writers = new Set(config.writeGroups);
    this.#matrix = new Map(decisionMatrix.map(m => [m.permission, m.decision]));
    this.#anyNonStrict =
      !config.strict || [...config.clusters.values()].some(c => !c.strict);
    if (!config.adminGroups.length)
      deps.logger?.warn(
        'permission.k8sNamespacePolicy.adminGroups is empty: nobody can read the audit trail or cluster-scoped Kubernetes objects, nor write cluster-scoped ones',
      );
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) return DENY;
    const { ownershipEntityRefs } = await this.#userInfo.getUserInfo(
      user.credentials,
    );
    const claims = ownershipEntityRefs.map(r => r.toLowerCase());
    if (claims.some(c => this.#admins.has(c))) return ALLOW;

    const permission = request.permission;
    switch (this.#matrix.get(permission.name)) {
      case 'allow':
        return ALLOW;
      case 'admin':
        return DENY;
      case 'entity-owner':
        return isResourcePermission(permission, 'catalog-entity')
          ? createCatalogConditionalDecision(
              permission,
              catalogConditions.isEntityOwner({ claims }),
            )
          : DENY;
      case 'report-reader':
        return isResourcePermission(permission, 'catalog-entity')
          ? createCatalogConditionalDecision(
              permission,
              reportReaderCriteria(claims),
            )
          : DENY;
      case 'namespace-owner':
        return this.#whereReadable(permission, claims);
      case 'namespace-writer':
        // Writers get exactly the namespaces they may read; everybody else no write at all.
        return claims.some(c => this.#writers.has(c))
          ? this.#whereReadable(permission, claims)
          : DENY;
      default:
        return this.#config.defaultDecision === 'allow' ? ALLOW : DENY;
    }
  }

  /** Allowed in the namespaces the claims own, and in unmapped ones where a cluster is not strict. */
  #whereReadable(
    permission: PolicyQuery['permission'],
    claims: string[],
  ): PolicyDecision {
    if (!isResourcePermission(permission, 'kubernetes-namespace')) return DENY;
    return createKubernetesNamespaceConditionalDecision(
      permission,
      this.#anyNonStrict
        ? {
            anyOf: [
              kubernetesNamespaceConditions.isNamespaceOwner({ claims }),
              kubernetesNamespaceConditions.isUnmappedNamespace({}),
            ],
          }
        : kubernetesNamespaceConditions.isNamespaceOwner({ claims }),
    );
  }
}

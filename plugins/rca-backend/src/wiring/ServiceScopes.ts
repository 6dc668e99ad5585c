import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { isExternalService } from '../service/externalServices';

interface NamespaceRef {
  cluster: string;
  namespace?: string;
}

/** The namespaces an entity's workloads run in. */
export type NamespacesOf = (
  credentials: BackstageCredentials,
  entityRef: string,
) => Promise<NamespaceRef[]>;

/**
 * Service credentials confined to one entity: how an alert-started analysis runs. Backstage allows
 * a service principal every permission, so without this an alert could make the analysis read the
 * namespaces of every dependency; with it, only the alerting entity's own namespaces are read and
 * the rest are reported as gaps.
 */
export class ServiceScopes {
  readonly #scoped = new WeakMap<BackstageCredentials, string>();
  readonly #namespacesOf: NamespacesOf;

  constructor(namespacesOf: NamespacesOf) {
    this.#namespacesOf = namespacesOf;
  }

  /** The caller's credentials (same principal and token, read through), confined to `entityRef`. */
  scope(credentials: BackstageCredentials, entityRef: string) {
    const scoped: BackstageCredentials = Object.create(credentials);
    this.#scoped.set(scoped, entityRef);
    return scoped;
  }

  /**
   * Whether a read by these credentials may go ahead: always for users and plugins, only of its
   * own entity's analysis for a scoped outside service, never for an unscoped one.
   */
  mayRead(credentials: BackstageCredentials, entityRef?: string): boolean {
    if (!isExternalService(credentials)) return true;
    const scoped = this.entityOf(credentials);
    return scoped !== undefined && scoped === entityRef;
  }

  /** The entity the credentials are confined to, if they are. */
  entityOf(credentials: BackstageCredentials): string | undefined {
    return this.#scoped.get(credentials);
  }

  /** The policy's decisions, with every namespace outside the confining entity's denied. */
  async confine<D extends { ref: NamespaceRef; allowed: boolean }>(
    credentials: BackstageCredentials,
    decisions: D[],
  ): Promise<Array<D | (D & { error: NotAllowedError })>> {
    const entityRef = this.entityOf(credentials);
    // Fail closed: a service from outside the backend reads nothing unless an alert scoped it.
    if (!entityRef && isExternalService(credentials))
      return decisions.map(d => ({
        ...d,
        allowed: false,
        error: new NotAllowedError(
          'A service outside Backstage reads no namespace unless an alert confines it to an entity',
        ),
      }));
    if (!entityRef) return decisions;
    const key = (r: NamespaceRef) => `${r.cluster}/${r.namespace ?? ''}`;
    const own = new Set(
      (await this.#namespacesOf(credentials, entityRef)).map(key),
    );
    return decisions.map(d =>
      own.has(key(d.ref))
        ? d
        : {
            ...d,
            allowed: false,
            error: new NotAllowedError(
              `An alert-started analysis of ${entityRef} reads only its own namespaces, not ${key(
                d.ref,
              )}`,
            ),
          },
    );
  }
}

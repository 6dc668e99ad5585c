import type {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  kubernetesNamespaceReadPermission,
  type NamespaceRef,
  stringifyNamespaceRef,
} from '@internal/plugin-k8s-namespace-policy-common';
import { auditDenial, auditWarning } from '@internal/plugin-audit-node';
import type { NotAllowedError } from '@backstage/errors';
import type { Request } from 'express';
import type { NamespaceOwnerResolver } from './NamespaceOwnerResolver';

/** One namespace decision. @public */
export interface NamespaceDecision {
  ref: NamespaceRef;
  allowed: boolean;
  /** For a denial: the audited error, with a message that says why. */
  error?: NotAllowedError;
}

/** @public */
export interface NamespaceAccessCheck {
  credentials: BackstageCredentials;
  refs: NamespaceRef[];
  /** Where the namespaces were asked for (`proxy`, `workloads`, `analysis`…), kept in audit events. */
  via: string;
  /** The HTTP request, so audit events name the actor and share its request id. */
  request?: Request;
}

interface CacheEntry {
  allowed: boolean;
  expires: number;
}

function principalKey(credentials: BackstageCredentials): string | undefined {
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (p.type === 'user') return p.userEntityRef;
  if (p.type === 'service') return `service:${p.subject}`;
  return undefined;
}

/**
 * Asks the permission framework for `kubernetes.namespace.read` on namespaces, in one batch. Answers
 * are reused for `cacheTtlMs` per user and namespace (the proxy asks on every request). Every denial
 * is audited with the permission, cluster and namespace; in non-strict mode, access granted only
 * because a namespace has no known owner is audited as a warning.
 *
 * @public
 */
export class NamespaceAccess {
  readonly #permissions: PermissionsService;
  readonly #auditor: AuditorService;
  readonly #resolver?: NamespaceOwnerResolver;
  readonly #ttlMs: number;
  readonly #cache = new Map<string, CacheEntry>();
  readonly #maxEntries: number;

  constructor(o: {
    permissions: PermissionsService;
    auditor: AuditorService;
    /** Explains denials and finds unmapped namespaces for the non-strict warning. */
    resolver?: NamespaceOwnerResolver;
    cacheTtlMs?: number;
    maxCacheEntries?: number;
  }) {
    this.#permissions = o.permissions;
    this.#auditor = o.auditor;
    this.#resolver = o.resolver;
    this.#ttlMs = o.cacheTtlMs ?? 10_000;
    this.#maxEntries = o.maxCacheEntries ?? 50_000;
  }

  async check(c: NamespaceAccessCheck): Promise<NamespaceDecision[]> {
    const who = principalKey(c.credentials);
    const now = Date.now();
    // Cache keys: one per namespace, none when the caller or the TTL rules caching out.
    const keys = c.refs.map(ref =>
      who && this.#ttlMs ? `${who}\u0000${stringifyNamespaceRef(ref)}` : '',
    );
    const allowed: Array<boolean | undefined> = keys.map(key => {
      const hit = key ? this.#cache.get(key) : undefined;
      return hit && hit.expires > now ? hit.allowed : undefined;
    });
    const missing = c.refs.filter((_, i) => allowed[i] === undefined);
    const fresh = new Set<number>();
    if (missing.length) {
      const decisions = await this.#permissions.authorize(
        missing.map(ref => ({
          permission: kubernetesNamespaceReadPermission,
          resourceRef: stringifyNamespaceRef(ref),
        })),
        { credentials: c.credentials },
      );
      let j = 0;
      allowed.forEach((a, i) => {
        if (a !== undefined) return;
        const ok = decisions[j++].result === AuthorizeResult.ALLOW;
        allowed[i] = ok;
        fresh.add(i);
        if (keys[i]) {
          if (this.#cache.size >= this.#maxEntries) this.#cache.clear();
          this.#cache.set(keys[i], { allowed: ok, expires: now + this.#ttlMs });
        }
      });
    }
    return Promise.all(
      c.refs.map(async (ref, i) => {
        if (allowed[i]) {
          if (fresh.has(i)) await this.#warnIfUnmapped(c, ref, who);
          return { ref, allowed: true };
        }
        return { ref, allowed: false, error: await this.#deny(c, ref, who) };
      }),
    );
  }

  async #deny(c: NamespaceAccessCheck, ref: NamespaceRef, who?: string) {
    const where = ref.namespace
      ? `namespace ${ref.namespace} in cluster ${ref.cluster}`
      : `cluster-scoped objects of cluster ${ref.cluster}`;
    let why = '';
    const resource = await this.#resolver?.resolve(ref).catch(() => undefined);
    if (resource?.source === 'invalid')
      why = ': it is not a valid namespace name';
    else if (resource?.source === 'cluster-scope')
      why = ': only the policy admin groups see them';
    else if (resource && !resource.mapped)
      why = `: no owning group is known for it (${resource.owners.join(
        ', ',
      )} is not in the catalog) and the policy is strict`;
    else if (resource) why = `: it belongs to ${resource.owners.join(', ')}`;
    return auditDenial(this.#auditor, {
      eventId: 'namespace-read',
      permission: kubernetesNamespaceReadPermission.name,
      resourceRef: stringifyNamespaceRef(ref),
      message: `You may not see ${where} (${kubernetesNamespaceReadPermission.name})${why}`,
      request: c.request,
      meta: {
        cluster: ref.cluster,
        namespace: ref.namespace,
        via: c.via,
        ...(resource
          ? { owners: resource.owners, ownerSource: resource.source }
          : {}),
        ...(!c.request && who ? { onBehalfOf: who } : {}),
      },
    });
  }

  async #warnIfUnmapped(
    c: NamespaceAccessCheck,
    ref: NamespaceRef,
    who?: string,
  ) {
    if (!this.#resolver || !ref.namespace) return;
    const resource = await this.#resolver.resolve(ref).catch(() => undefined);
    if (!resource || resource.strict || resource.mapped) return;
    if ((c.credentials.principal as { type?: string }).type !== 'user') return;
    await auditWarning(this.#auditor, {
      eventId: 'namespace-read',
      permission: kubernetesNamespaceReadPermission.name,
      resourceRef: stringifyNamespaceRef(ref),
      request: c.request,
      warning: `namespace ${
        ref.namespace
      } has no known owner (${resource.owners.join(
        ', ',
      )} is not in the catalog); allowed because the policy is not strict`,
      meta: {
        cluster: ref.cluster,
        namespace: ref.namespace,
        via: c.via,
        ...(!c.request && who ? { onBehalfOf: who } : {}),
      },
    });
  }
}

import type {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  kubernetesNamespaceWritePermission,
  type NamespaceRef,
  stringifyNamespaceRef,
} from '@internal/plugin-k8s-namespace-policy-common';
import { auditDenial } from '@internal/plugin-audit-node';
import type { Request } from 'express';

/** A write through the proxy, to check before it is forwarded. */
export interface ProxyWrite {
  credentials: BackstageCredentials;
  /** The namespace written to; `namespace: ''` is the cluster scope. */
  ref: NamespaceRef;
  /** What makes it a write, as {@link classifyProxyRequest} says (`DELETE`, `GET exec`…). */
  write: string;
  request: Request;
}

/**
 * Asks for `kubernetes.namespace.write` on one namespace. Writes are rare and each one matters, so
 * there is no decision cache: every write asks the permission backend. A denial is audited like a
 * read denial (event `namespace-write`) and returned as the error to answer with.
 */
export function createProxyWriteCheck(o: {
  permissions: PermissionsService;
  auditor: AuditorService;
}) {
  return async (w: ProxyWrite): Promise<NotAllowedError | undefined> => {
    const resourceRef = stringifyNamespaceRef(w.ref);
    const [decision] = await o.permissions.authorize(
      [{ permission: kubernetesNamespaceWritePermission, resourceRef }],
      { credentials: w.credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return undefined;
    const permission = kubernetesNamespaceWritePermission.name;
    const message = w.ref.namespace
      ? `You may not ${w.write} in namespace ${w.ref.namespace} of cluster ${w.ref.cluster} through the Kubernetes proxy (${permission}): it is read-only except for the policy admin groups and writeGroups, in namespaces they may read`
      : `You may not ${w.write} cluster-scoped objects of cluster ${w.ref.cluster} through the Kubernetes proxy (${permission}): only the policy admin groups write them`;
    return auditDenial(o.auditor, {
      eventId: 'namespace-write',
      permission,
      resourceRef,
      message,
      request: w.request,
      meta: {
        cluster: w.ref.cluster,
        namespace: w.ref.namespace,
        via: 'proxy',
        method: w.request.method,
        write: w.write,
      },
    });
  };
}

/** @see createProxyWriteCheck */
export type ProxyWriteCheck = ReturnType<typeof createProxyWriteCheck>;

import { InputError } from '@backstage/errors';

/** A namespace of one cluster; `namespace: ''` is the cluster scope. @public */
export interface NamespaceRef {
  cluster: string;
  namespace: string;
}

/** `<cluster>/<namespace>`, the resource ref of the kubernetes-namespace resource type. @public */
export function stringifyNamespaceRef(ref: NamespaceRef): string {
  return `${ref.cluster}/${ref.namespace}`;
}

/**
 * Parses `<cluster>/<namespace>`. Namespaces never contain `/`, cluster names might, so the last `/`
 * separates them.
 *
 * @public
 */
export function parseNamespaceRef(ref: string): NamespaceRef {
  const at = ref.lastIndexOf('/');
  if (at <= 0)
    throw new InputError(
      `Invalid kubernetes-namespace ref ${JSON.stringify(
        ref.slice(0, 100),
      )}: expected <cluster>/<namespace>`,
    );
  return { cluster: ref.slice(0, at), namespace: ref.slice(at + 1) };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Whether Kubernetes would accept this as a namespace name (an RFC 1123 label). @public */
export function isValidNamespaceName(name: string): boolean {
  return name.length <= 63 && DNS_LABEL.test(name);
}

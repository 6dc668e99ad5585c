import type { V1ManagedFieldsEntry } from '@kubernetes/client-node';

type Meta = {
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
};

/** GitOps controllers' own marks on the objects they apply. */
function gitOpsOwner(meta: Meta | undefined): string | undefined {
  const a = meta?.annotations ?? {};
  const l = meta?.labels ?? {};
  if (a['argocd.argoproj.io/tracking-id'])
    return `Argo CD ${a['argocd.argoproj.io/tracking-id'].split(':')[0]}`;
  if (l['argocd.argoproj.io/instance'])
    return `Argo CD ${l['argocd.argoproj.io/instance']}`;
  const flux =
    l['kustomize.toolkit.fluxcd.io/name'] ?? l['helm.toolkit.fluxcd.io/name'];
  if (flux) {
    const ns =
      l['kustomize.toolkit.fluxcd.io/namespace'] ??
      l['helm.toolkit.fluxcd.io/namespace'];
    return `Flux ${ns ? `${ns}/` : ''}${flux}`;
  }
  return undefined;
}

/** Who made a write: its field manager, the change-cause and the GitOps owner when there are. */
export function changeAuthor(
  entry: Pick<V1ManagedFieldsEntry, 'manager' | 'operation'> | undefined,
  meta: Meta | undefined,
): string | undefined {
  const parts: string[] = [];
  if (entry?.manager)
    parts.push(
      `${entry.manager}${entry.operation ? ` (${entry.operation})` : ''}`,
    );
  const gitOps = gitOpsOwner(meta);
  if (gitOps) parts.push(gitOps);
  const cause = meta?.annotations?.['kubernetes.io/change-cause'];
  if (cause) parts.push(`change-cause: ${cause}`);
  return parts.length ? parts.join('; ') : undefined;
}

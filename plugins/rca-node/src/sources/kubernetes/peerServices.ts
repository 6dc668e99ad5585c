import type { V1NetworkPolicy } from '@kubernetes/client-node';
import { isValidNamespaceName } from '@internal/plugin-k8s-namespace-policy-common';
import type { CollectorContext } from '../../contracts';
import type { ClusterReader } from './ClusterReader';
import type { ClusterSnapshot } from './kubeFacts';
import { NAMESPACE_NAME_LABEL } from './labelSelector';

/** Namespaces read per cluster for the callees policies name: a policy names a few, not dozens. */
const MAX_PEER_NAMESPACES = 5;

/** The namespaces the egress rules of `policies` name by the label the API server sets. */
export function egressNamespaces(policies: V1NetworkPolicy[]): string[] {
  const names = new Set<string>();
  for (const np of policies)
    for (const rule of np.spec?.egress ?? [])
      for (const peer of rule.to ?? []) {
        const name =
          peer.namespaceSelector?.matchLabels?.[NAMESPACE_NAME_LABEL];
        // A label value need not be a valid namespace name.
        if (name && isValidNamespaceName(name)) names.add(name);
      }
  return [...names];
}

/**
 * The Services of the namespaces the targets' egress policies name (a callee in kube-system, say),
 * each only if the requesting user may read it (`ctx.mayRead`, the targets' own check): a call
 * the policy drops is matched against the callee's port after the Service translates it, which
 * only the Service tells. Nothing is read without that check.
 */
export async function readPeerServices(
  reader: ClusterReader,
  snapshot: ClusterSnapshot,
  mayRead: CollectorContext['mayRead'],
): Promise<void> {
  if (!mayRead) return;
  const own = new Set(snapshot.targets.flatMap(t => t.namespaces));
  const wanted = egressNamespaces(
    snapshot.targets.flatMap(t => t.networkPolicies),
  )
    .filter(ns => !own.has(ns))
    .slice(0, MAX_PEER_NAMESPACES);
  if (!wanted.length) return;
  const allowed = await mayRead(
    wanted.map(namespace => ({ cluster: reader.name, namespace })),
  );
  const readable = wanted.filter((_, i) => allowed[i] === true);
  const lists = await Promise.all(
    readable.map(namespace =>
      reader.listShared('services', namespace, p =>
        reader.api.core.listNamespacedService({ namespace, ...p }),
      ),
    ),
  );
  snapshot.peerServices = lists.flatMap(l => l ?? []);
}

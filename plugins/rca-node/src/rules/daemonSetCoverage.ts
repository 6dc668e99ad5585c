import type {
  V1DaemonSet,
  V1Node,
  V1Pod,
  V1Taint,
  V1Toleration,
} from '@kubernetes/client-node';
import { matchesSelector } from '../sources/kubernetes/labelSelector';

/**
 * Taints a DaemonSet is not meant to cover: the node conditions its controller tolerates by
 * itself, the control plane (node agents usually stay off it by design), and the passing taints of
 * nodes joining or leaving (cloud provider, autoscalers, CNI start-up, AKS system pools).
 */
const BY_DESIGN =
  /^(node\.kubernetes\.io\/|node-role\.kubernetes\.io\/(control-plane|master)$|node\.cloudprovider\.kubernetes\.io\/|ToBeDeletedByClusterAutoscaler$|DeletionCandidateOfClusterAutoscaler$|karpenter\.sh\/|node\.cilium\.io\/|CriticalAddonsOnly$)/;

/** A node the DaemonSet runs no pod on, and the taints of it its pods do not tolerate. */
export interface UncoveredNode {
  node: V1Node;
  taints: V1Taint[];
}

function tolerates(t: V1Toleration, taint: V1Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.operator === 'Exists') return !t.key || t.key === taint.key;
  return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
}

const UNEVALUATED = new Set(['Gt', 'Lt']);

/** Whether the pod template's nodeSelector and required node affinity would place a pod here. */
function selects(ds: V1DaemonSet, node: V1Node): boolean {
  const spec = ds.spec?.template?.spec;
  const labels = node.metadata?.labels ?? {};
  if (!matchesSelector({ matchLabels: spec?.nodeSelector }, labels))
    return false;
  const terms =
    spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms ?? [];
  // Terms are ORed, the expressions of a term ANDed; Gt/Lt are not evaluated, so a term using
  // them never claims the node as skipped.
  return (
    !terms.length ||
    terms.some(
      t =>
        !(t.matchExpressions ?? []).some(e => UNEVALUATED.has(e.operator)) &&
        matchesSelector({ matchExpressions: t.matchExpressions }, labels),
    )
  );
}

/**
 * The nodes a DaemonSet skips because of a taint: its nodeSelector would place a pod there, no pod
 * of it runs there, and a NoSchedule/NoExecute taint is not tolerated. The DaemonSet's own counts
 * leave such nodes out (desired = scheduled), so it looks complete while a node has no agent.
 */
export function uncoveredNodes(
  ds: V1DaemonSet,
  pods: V1Pod[],
  nodes: V1Node[],
): UncoveredNode[] {
  const tolerations = ds.spec?.template?.spec?.tolerations ?? [];
  const covered = new Set(
    pods
      .filter(p =>
        p.metadata?.ownerReferences?.some(
          o => o.kind === 'DaemonSet' && o.name === ds.metadata?.name,
        ),
      )
      .map(p => p.spec?.nodeName),
  );
  return nodes
    .filter(n => !covered.has(n.metadata?.name) && selects(ds, n))
    .map(node => ({
      node,
      taints: (node.spec?.taints ?? []).filter(
        taint =>
          taint.effect !== 'PreferNoSchedule' &&
          !BY_DESIGN.test(taint.key) &&
          !tolerations.some(t => tolerates(t, taint)),
      ),
    }))
    .filter(u => u.taints.length);
}

/** `dedicated=infra:NoSchedule`, as kubectl prints a taint. */
export function taintText(t: V1Taint): string {
  return `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
}

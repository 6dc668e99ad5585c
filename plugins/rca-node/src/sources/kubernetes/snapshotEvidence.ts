import type { EvidenceLedger } from '../../contracts/EvidenceLedger';
import {
  containerStatuses,
  evCondition,
  evContainerState,
  evEvent,
  evLastTermination,
  evRollout,
} from './kubeEvidence';
import {
  type ClusterSnapshot,
  inWindow,
  replicaSetsOf,
  rolloutAt,
} from './kubeFacts';
import { templateChange } from './templateChange';

/** Lists everything notable in a snapshot as evidence, cited or not. */
export function addSnapshotEvidence(
  s: ClusterSnapshot,
  ledger: EvidenceLedger,
  window: { from: Date; to: Date },
  lookbackMs: number,
): void {
  for (const t of s.targets) {
    for (const e of t.events) evEvent(ledger, s.cluster, e);
    for (const pod of t.pods) {
      for (const { status, init } of containerStatuses(pod)) {
        if (!(init && status.state?.terminated?.exitCode === 0))
          evContainerState(ledger, s.cluster, pod, status, init);
        if (status.restartCount)
          evLastTermination(ledger, s.cluster, pod, status, init);
      }
    }
    for (const d of t.deployments) {
      for (const c of d.status?.conditions ?? [])
        if (c.status === 'False')
          evCondition(ledger, s.cluster, 'Deployment', d, c);
      const [latest, previous] = replicaSetsOf(t, d);
      const at = latest && rolloutAt(latest, t.events);
      if (latest && previous && inWindow(at, window, lookbackMs)) {
        evRollout(
          ledger,
          s.cluster,
          latest,
          previous,
          templateChange(latest, previous),
          at,
        );
      }
    }
  }
  for (const node of s.nodes.values()) {
    for (const c of node.status?.conditions ?? []) {
      const bad =
        c.type === 'Ready' ? c.status !== 'True' : c.status !== 'False';
      if (bad) evCondition(ledger, s.cluster, 'Node', node, c);
    }
  }
  for (const e of s.namespaceWarnings) evEvent(ledger, s.cluster, e);
}

import type { Analyzer, AnalyzerContext, HypothesisDraft } from '../contracts';
import { evCondition, evEvent } from '../sources/kubernetes/kubeEvidence';
import {
  eventsAbout,
  firstEventTime,
  iso,
} from '../sources/kubernetes/kubeFacts';
import { earliest, eachTarget, objectLabel } from './helpers';
import { nextStepsFor } from './nextSteps';

/** Nodes under the component's pods, and PersistentVolumeClaims that cannot bind. */
export class InfrastructureAnalyzer implements Analyzer {
  readonly name = 'infrastructure';

  analyze(ctx: AnalyzerContext): HypothesisDraft[] {
    const out: HypothesisDraft[] = [];
    const ev = ctx.evidence;
    eachTarget(ctx, (s, t, scope) => {
      const podsByNode = new Map<string, string[]>();
      for (const p of t.pods) {
        const node = p.spec?.nodeName;
        if (node)
          podsByNode.set(node, [
            ...(podsByNode.get(node) ?? []),
            p.metadata?.name ?? '?',
          ]);
      }
      for (const [nodeName, pods] of podsByNode) {
        const node = s.nodes.get(nodeName);
        if (!node) continue;
        const conditions = node.status?.conditions ?? [];
        const notReady = conditions.find(
          c => c.type === 'Ready' && c.status !== 'True',
        );
        const memory = conditions.find(
          c => c.type === 'MemoryPressure' && c.status === 'True',
        );
        const disk = conditions.find(
          c => c.type === 'DiskPressure' && c.status === 'True',
        );
        const base = {
          object: objectLabel(s.cluster, 'Node', undefined, nodeName),
          subject: { cluster: s.cluster, kind: 'Node', name: nodeName },
          scope,
          entityRef: t.target.entityRef,
          level: 0,
        };
        if (notReady) {
          out.push({
            ...base,
            category: 'node_not_ready',
            title: `Node ${nodeName} is NotReady`,
            explanation: `Node ${nodeName}, which runs ${pods.join(
              ', ',
            )}, reports Ready=${notReady.status}: ${notReady.reason ?? ''} ${
              notReady.message ?? ''
            }`.trim(),
            onset: iso(notReady.lastTransitionTime),
            evidence: [evCondition(ev, s.cluster, 'Node', node, notReady)],
            specificity: 0.9,
            nextSteps: nextStepsFor('node_not_ready', { detail: nodeName }),
          });
        }
        for (const [cond, category] of [
          [memory, 'node_memory_pressure'],
          [disk, 'node_disk_pressure_eviction'],
        ] as const) {
          if (!cond) continue;
          out.push({
            ...base,
            category,
            title: `Node ${nodeName} under ${cond.type}`,
            explanation: `Node ${nodeName}, which runs ${pods.join(
              ', ',
            )}, reports ${cond.type}=True: ${cond.message ?? ''}`,
            onset: iso(cond.lastTransitionTime),
            evidence: [evCondition(ev, s.cluster, 'Node', node, cond)],
            specificity: 0.75,
            nextSteps: nextStepsFor(category, { detail: nodeName }),
          });
        }
      }

      for (const pvc of t.pvcs) {
        if (pvc.status?.phase !== 'Pending') continue;
        const events = eventsAbout(
          t,
          'PersistentVolumeClaim',
          pvc.metadata?.name ?? '',
        ).filter(e => e.type === 'Warning');
        const cls = pvc.spec?.storageClassName;
        const missingClass =
          !!cls && !!s.storageClasses && !s.storageClasses.has(cls);
        const failed = events.filter(e => e.reason === 'ProvisioningFailed');
        if (!missingClass && !failed.length) continue;
        out.push({
          object: objectLabel(
            s.cluster,
            'PersistentVolumeClaim',
            pvc.metadata?.namespace,
            pvc.metadata?.name ?? '?',
          ),
          subject: {
            cluster: s.cluster,
            kind: 'PersistentVolumeClaim',
            namespace: pvc.metadata?.namespace,
            name: pvc.metadata?.name ?? '?',
          },
          scope,
          entityRef: t.target.entityRef,
          level: 0,
          category: 'pvc_storageclass_missing',
          title: 'Volume claim cannot be provisioned',
          explanation: `PVC ${pvc.metadata?.name} stays Pending${
            missingClass ? `: storage class "${cls}" does not exist` : ''
          }${failed[0] ? `: ${failed[0].message}` : ''}`,
          onset: earliest(failed.map(firstEventTime)),
          evidence: failed
            .map(e => evEvent(ev, s.cluster, e))
            .concat(
              missingClass
                ? [
                    ctx.evidence.add({
                      source: 'kubernetes',
                      cluster: s.cluster,
                      object: `PersistentVolumeClaim ${pvc.metadata?.namespace}/${pvc.metadata?.name}`,
                      field: 'spec.storageClassName',
                      text: `storage class "${cls}" not found in the cluster`,
                      severity: 'error',
                    }),
                  ]
                : [],
            ),
          specificity: 0.9,
          nextSteps: nextStepsFor('pvc_storageclass_missing', {
            namespace: pvc.metadata?.namespace,
          }),
        });
      }
    });
    return out;
  }
}

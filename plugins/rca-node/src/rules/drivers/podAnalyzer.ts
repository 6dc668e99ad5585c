import type {
  Analyzer,
  AnalyzerContext,
  HypothesisDraft,
} from '../../contracts';
import { topOwner } from '../../sources/kubernetes/kubeFacts';
import { LOGS_FACTS } from '../../sources/victoriaLogs/VictoriaLogsCollector';
import { DraftGroup, eachTarget, objectLabel } from '../helpers';
import { nextStepsFor } from '../nextSteps';
import { isSidecar, SIDECAR_WEIGHT } from '../sidecars';
import { podFindings } from './podFindings';

/**
 * Pod- and container-level causes, from the families' pod hooks. Findings are grouped per owning
 * workload, so N identical pods make one hypothesis.
 */
export class PodAnalyzer implements Analyzer {
  readonly name = 'pods';

  analyze(ctx: AnalyzerContext): HypothesisDraft[] {
    const group = new DraftGroup();
    const logs = ctx.facts.get(LOGS_FACTS);
    eachTarget(ctx, (s, t, scope) => {
      for (const pod of t.pods) {
        const where = {
          ledger: ctx.evidence,
          cluster: s.cluster,
          objects: t,
          window: ctx.input.window,
          startupLines: logs?.targets.find(
            x => x.entityRef === t.target.entityRef,
          )?.startup,
        };
        for (const f of podFindings(where, pod)) {
          const owner = topOwner(t, pod);
          const ns = pod.metadata?.namespace;
          group.add(
            `${s.cluster}|${f.category}|${owner.kind}/${ns}/${owner.name}|${
              f.ruledOut ? 'ruled-out' : ''
            }`,
            {
              category: f.category,
              title: f.title,
              explanation: f.explanation,
              object: objectLabel(s.cluster, owner.kind, ns, owner.name),
              subject: {
                cluster: s.cluster,
                kind: owner.kind,
                namespace: ns,
                name: owner.name,
              },
              level: f.level,
              scope,
              entityRef: t.target.entityRef,
              onset: f.onset,
              evidence: f.evidence,
              // A proxy's or log shipper's own trouble must not outrank the app container's.
              specificity: isSidecar(pod, f.container)
                ? f.specificity * SIDECAR_WEIGHT
                : f.specificity,
              symptom: f.symptom,
              ruledOut: f.ruledOut,
              nextSteps: nextStepsFor(f.category, {
                namespace: ns,
                kind: owner.kind,
                name: owner.name,
                pod: pod.metadata?.name,
                serviceAccount: pod.spec?.serviceAccountName ?? 'default',
                container: f.container,
                detail: f.detail,
              }),
            },
          );
        }
      }
    });
    return group.drafts();
  }
}

import type {
  Analyzer,
  AnalyzerContext,
  HypothesisDraft,
} from '../../contracts';
import { topOwner } from '../../sources/kubernetes/kubeFacts';
import { DraftGroup, eachTarget, objectLabel } from '../helpers';
import { nextStepsFor } from '../nextSteps';
import { podFindings } from './podFindings';

/**
 * Pod- and container-level causes, from the families' pod hooks. Findings are grouped per owning
 * workload, so N identical pods make one hypothesis.
 */
export class PodAnalyzer implements Analyzer {
  readonly name = 'pods';

  analyze(ctx: AnalyzerContext): HypothesisDraft[] {
    const group = new DraftGroup();
    eachTarget(ctx, (s, t, scope) => {
      for (const pod of t.pods) {
        for (const f of podFindings(ctx.evidence, s.cluster, t, pod)) {
          const owner = topOwner(t, pod);
          const ns = pod.metadata?.namespace;
          group.add(
            `${s.cluster}|${f.category}|${owner.kind}/${ns}/${owner.name}`,
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
              specificity: f.specificity,
              symptom: f.symptom,
              nextSteps: nextStepsFor(f.category, {
                namespace: ns,
                kind: owner.kind,
                name: owner.name,
                pod: pod.metadata?.name,
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

import type {
  Analyzer,
  AnalyzerContext,
  HypothesisDraft,
} from '../../contracts';
import {
  K8SGPT_FACTS,
  type K8sGptFacts,
} from '../../sources/k8sgpt/K8sGptCollector';
import { classify } from '../classify';
import { DraftGroup } from '../helpers';
import { nextStepsFor } from '../nextSteps';

/** Second-hand: k8sgpt read the same objects the Kubernetes collector reads first-hand. */
const K8SGPT_WEIGHT = 0.7;

/**
 * k8sgpt Results as corroboration: their error texts are classified like Kubernetes messages,
 * but weigh less than the objects themselves.
 */
export class K8sGptAnalyzer implements Analyzer {
  readonly name = 'k8sgpt';

  analyze(ctx: AnalyzerContext): HypothesisDraft[] {
    const group = new DraftGroup();
    for (const f of ctx.facts.get<K8sGptFacts>(K8SGPT_FACTS)?.findings ?? []) {
      const text = f.texts.join('\n');
      const hit =
        classify('missingReference', text) ??
        classify('imagePull', text) ??
        classify('scheduling', text) ??
        classify('crash', text);
      if (!hit) continue;
      const [namespace, name] = f.name.split('/');
      group.add(`${f.entityRef}|${hit.label}`, {
        category: hit.label,
        title: `k8sgpt: ${f.kind} ${f.name}: ${
          f.texts[0]?.slice(0, 120) ?? ''
        }`,
        explanation: `k8sgpt-operator reports: ${text.slice(0, 300)}`,
        object: `${f.kind} ${f.name} (cluster ${f.cluster})`,
        level: 2,
        scope: f.role === 'target' ? 'target' : 'dependency',
        entityRef: f.entityRef,
        evidence: [f.evidence],
        specificity: hit.specificity * K8SGPT_WEIGHT,
        nextSteps: nextStepsFor(hit.label, { namespace, name, kind: f.kind }),
      });
    }
    return group.drafts();
  }
}

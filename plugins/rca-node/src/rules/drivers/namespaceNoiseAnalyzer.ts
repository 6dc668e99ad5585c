import type {
  Analyzer,
  AnalyzerContext,
  HypothesisDraft,
} from '../../contracts';
import { evEvent } from '../../sources/kubernetes/kubeEvidence';
import {
  KUBERNETES_FACTS,
  firstEventTime,
} from '../../sources/kubernetes/kubeFacts';
import { classify } from '../classify';
import { UNCLASSIFIED_WARNING } from '../families/unexplained';
import { objectLabel } from '../helpers';

/** Not the component's own objects: a classified warning counts for little. */
const NOISE_WEIGHT = 0.6;

/**
 * Warning events in the namespace about objects the component does not own. They are listed so the
 * report shows they were considered, and ranked as noise so they never take the top spot.
 */
export class NamespaceNoiseAnalyzer implements Analyzer {
  readonly name = 'namespace-noise';

  analyze(ctx: AnalyzerContext): HypothesisDraft[] {
    const facts = ctx.facts.get(KUBERNETES_FACTS);
    const byObject = new Map<string, HypothesisDraft>();
    for (const s of facts?.clusters ?? []) {
      for (const e of s.namespaceWarnings) {
        const io = e.involvedObject;
        const key = `${s.cluster}|${io?.kind}|${io?.namespace}|${io?.name}`;
        const message = e.message ?? '';
        const c =
          (e.reason === 'Failed' && classify('imagePull', message)) ||
          classify('crash', message);
        const existing = byObject.get(key);
        const evidence = evEvent(ctx.evidence, s.cluster, e);
        if (existing) {
          existing.evidence.push(evidence);
          // A later warning about the object may name the cause the first did not.
          if (c && existing.category === UNCLASSIFIED_WARNING.label) {
            existing.category = c.label;
            existing.specificity = c.specificity * NOISE_WEIGHT;
            existing.symptom = false;
          }
          continue;
        }
        byObject.set(key, {
          category: c ? c.label : UNCLASSIFIED_WARNING.label,
          title: `Unrelated warning: ${e.reason} on ${io?.kind} ${io?.name}`,
          explanation: `${io?.kind} ${io?.name} shares the namespace but is not part of the analysed component: ${message}`,
          object: objectLabel(
            s.cluster,
            io?.kind ?? 'Object',
            io?.namespace,
            io?.name ?? '?',
          ),
          level: 2,
          scope: 'namespace',
          onset: firstEventTime(e),
          evidence: [evidence],
          specificity: c
            ? c.specificity * NOISE_WEIGHT
            : UNCLASSIFIED_WARNING.specificity,
          symptom: !c,
          nextSteps: [],
        });
      }
    }
    return [...byObject.values()];
  }
}

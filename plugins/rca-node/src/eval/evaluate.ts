import { KubernetesStandIn } from '@internal/k8s-standin';
import { analyzeScenario } from '../testing/harness';
import { type EvalScenario, NOISE_OBJECTS, scenarioOf } from './kit';

export interface EvalResult {
  name: string;
  expected: string;
  ranked: string[];
  top1: boolean;
  top3: boolean;
  distractorFirst: boolean;
}

/** Runs one scenario through the real engine against the stand-in and scores its ranking. */
export async function evaluate(
  s: EvalScenario,
  standIn: KubernetesStandIn,
): Promise<EvalResult> {
  const scenario = scenarioOf(s);
  standIn.load(scenario);
  const { report } = await analyzeScenario({
    scenario,
    entities: s.entities,
    standIn,
  });
  const ranked = report.hypotheses.map(h => h.category);
  const top = report.hypotheses[0];
  return {
    name: s.name,
    expected: s.expected,
    ranked,
    top1: ranked[0] === s.expected,
    top3: ranked.slice(0, 3).includes(s.expected),
    distractorFirst: NOISE_OBJECTS.some(n => (top.object ?? '').includes(n)),
  };
}

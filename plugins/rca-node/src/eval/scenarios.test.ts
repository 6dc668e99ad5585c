import { KubernetesStandIn } from '@internal/k8s-standin';
import { evaluate } from './evaluate';
import { scenarios } from './scenarios';

// One test per analyzer rule: each scenario plants one cause plus the same namespace noise, and the
// engine must rank the planted cause first without ever putting the noise on top.
describe('analyzers on the evaluation scenarios', () => {
  const standIn = new KubernetesStandIn({ clusters: {} });
  beforeAll(() => standIn.start());
  afterAll(() => standIn.stop());

  it.each(scenarios.map(s => [s.name, s] as const))('%s', async (_name, s) => {
    const result = await evaluate(s, standIn);
    expect(result.distractorFirst).toBe(false);
    expect(result.ranked[0]).toBe(s.expected);
  });
});

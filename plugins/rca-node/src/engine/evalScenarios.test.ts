import {
  type EvalBackends,
  evaluate,
  startBackends,
  stopBackends,
} from '../../eval/evaluate';
import { scenarios } from '../../eval/scenarios';

// One test per analyzer rule: each scenario plants one cause plus the same namespace noise (in
// Kubernetes, metrics and logs), and the engine must rank the planted cause first without ever
// putting the noise on top. Metrics come from a real VictoriaMetrics, logs from the stand-in.
describe('analyzers on the evaluation scenarios', () => {
  let backends: EvalBackends;
  beforeAll(async () => {
    backends = await startBackends();
  }, 30_000);
  afterAll(() => stopBackends(backends), 30_000);

  it.each(scenarios.map(s => [s.name, s] as const))('%s', async (_name, s) => {
    const result = await evaluate(s, backends);
    expect(result.distractorFirst).toBe(false);
    expect(result.ranked[0]).toBe(s.expected);
  });
});

import { FactStore } from '../contracts';
import {
  METRICS_FACTS,
  type MetricFinding,
} from '../sources/victoriaMetrics/metricsFacts';
import { fullClaims } from './fullClaims';

const usage = (claim: string, peak: number): MetricFinding => ({
  family: 'pvc_usage',
  entityRef: 'component:default/prometheus',
  role: 'target',
  labels: { persistentvolumeclaim: claim },
  object: `shop/${claim}`,
  level: peak,
  peak,
  evidence: `metrics|${claim}`,
});

describe('fullClaims', () => {
  it('names the full claims of the component with their usage evidence, not the others', () => {
    const facts = new FactStore();
    facts.set(METRICS_FACTS, {
      findings: [
        usage('db-prometheus-1', 0.996),
        usage('db-prometheus-0', 0.6),
      ],
    });
    expect(fullClaims({ facts }, 'component:default/prometheus')).toEqual({
      text: 'full: PersistentVolumeClaim db-prometheus-1 at 100%',
      evidence: ['metrics|db-prometheus-1'],
    });
    expect(fullClaims({ facts }, 'component:default/other')).toEqual({
      evidence: [],
    });
  });
});

import { createFactRef } from '../../contracts';
import type { MetricFamily } from './metricFamilies';

/** One series that departed from its baseline, or climbed like a leak. */
export interface MetricFinding {
  family: MetricFamily;
  entityRef: string;
  role: 'target' | 'dependency';
  namespace?: string;
  labels: Record<string, string>;
  /** e.g. `payments-prod/payments-7d9f-abc12 (payments)`. */
  object: string;
  onset?: string;
  baseline?: number;
  level: number;
  peak: number;
  /** A steady climb (memory): start and end of the ramp and its fit. */
  ramp?: { start: string; end: string; from: number; to: number; r2: number };
  /** Ledger key of the evidence item. */
  evidence: string;
  /** The series over baseline and window, thinned for a chart: [unix seconds, value]. */
  points?: Array<[number, number]>;
}

export interface MetricsFacts {
  findings: MetricFinding[];
}

export const METRICS_FACTS = createFactRef<MetricsFacts>('metrics');

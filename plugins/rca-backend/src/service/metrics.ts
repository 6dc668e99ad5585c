import { metrics } from '@opentelemetry/api';

/** OpenTelemetry instruments; exported by the backend's Prometheus endpoint. */
export function createRcaMetrics() {
  const meter = metrics.getMeter('rca-backend');
  return {
    analyses: meter.createCounter('rca.analyses', {
      description: 'Finished analyses by outcome',
    }),
    duration: meter.createHistogram('rca.analysis.duration', {
      description: 'Analysis wall time',
      unit: 's',
    }),
    queued: meter.createUpDownCounter('rca.analyses.queued', {
      description: 'Analyses waiting for a slot',
    }),
    running: meter.createUpDownCounter('rca.analyses.running', {
      description: 'Analyses in progress',
    }),
  };
}

export type RcaMetrics = ReturnType<typeof createRcaMetrics>;

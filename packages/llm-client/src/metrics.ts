import { metrics, type Attributes } from '@opentelemetry/api';
import type { LlmCircuitState } from './types';

const CIRCUIT_VALUE: Record<LlmCircuitState, number> = {
  closed: 0,
  halfOpen: 1,
  open: 2,
};

/**
 * OpenTelemetry instruments of the client. With no SDK registered they are no-ops; the backend's
 * Prometheus exporter makes them visible.
 */
export function createLlmMetrics(
  model: string,
  circuitState: () => LlmCircuitState,
) {
  const meter = metrics.getMeter('@internal/llm-client');
  const base: Attributes = { model };
  const requests = meter.createCounter('llm_requests_total', {
    description: 'LLM calls by outcome',
  });
  const duration = meter.createHistogram('llm_request_duration', {
    description: 'Duration of LLM calls, retries and queueing included',
    unit: 's',
    advice: {
      explicitBucketBoundaries: [
        0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120,
      ],
    },
  });
  const tokens = meter.createCounter('llm_tokens_total', {
    description: 'Tokens sent (prompt) and received (completion)',
  });
  const rateLimited = meter.createCounter('llm_rate_limited_total', {
    description:
      'Calls held back by the local limiter past their deadline, or answered 429',
  });
  const circuit = meter.createObservableGauge('llm_circuit_state', {
    description: 'Circuit breaker state: 0 closed, 1 half-open, 2 open',
  });
  circuit.addCallback(result =>
    result.observe(CIRCUIT_VALUE[circuitState()], base),
  );

  return {
    call(outcome: string, latencyMs: number) {
      requests.add(1, { ...base, outcome });
      duration.record(latencyMs / 1000, { ...base, outcome });
    },
    tokens(prompt: number, completion: number) {
      tokens.add(prompt, { ...base, direction: 'prompt' });
      tokens.add(completion, { ...base, direction: 'completion' });
    },
    rateLimited(source: 'local' | 'provider') {
      rateLimited.add(1, { ...base, source });
    },
  };
}

import { freePort } from '@internal/backend-test-kit';
import { OpenAiCompatibleClient } from '@internal/llm-client';
import { startMetrics } from './instrumentation';

describe('Prometheus metrics endpoint', () => {
  it('shows the LLM client metrics: outcomes, durations, circuit state', async () => {
    const port = await freePort();
    const metricsServer = startMetrics({ METRICS_PORT: String(port) })!;
    // Nothing listens on port 9: every call fails as a provider outage.
    const client = new OpenAiCompatibleClient({
      baseUrl: 'http://127.0.0.1:9/v1',
      model: 'metrics-test',
      maxRetries: 0,
      breaker: { failureThreshold: 2 },
    });
    try {
      for (let i = 0; i < 3; i++) {
        await client
          .complete({ messages: [{ role: 'user', content: 'x' }] })
          .catch(() => undefined);
      }
      const text = await (
        await fetch(`http://127.0.0.1:${port}/metrics`)
      ).text();

      expect(text).toMatch(
        /^llm_requests_total\{model="metrics-test",outcome="LlmUnavailableError"[^}]*\} 3$/m,
      );
      expect(text).toMatch(
        /^llm_request_duration_count\{model="metrics-test",outcome="LlmUnavailableError"[^}]*\} 3$/m,
      );
      expect(text).toMatch(/^llm_request_duration_bucket\{[^}]*le="0.5"\} 3$/m);
      // Two failures opened the circuit: 2 = open.
      expect(text).toMatch(
        /^llm_circuit_state\{model="metrics-test"[^}]*\} 2$/m,
      );
    } finally {
      await client.close();
      await metricsServer.stop();
    }
  });

  it('can be switched off', () => {
    expect(startMetrics({ METRICS_PORT: '0' })).toBeUndefined();
  });
});

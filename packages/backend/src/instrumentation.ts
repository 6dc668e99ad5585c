import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

/**
 * Serves OpenTelemetry metrics (the LLM client's llm_* among them) in Prometheus format on
 * `http://<host>:<port>/metrics`. Runs before the backend is created: meters are bound when
 * instruments are made, so a provider registered later would miss them.
 * Environment: METRICS_PORT (default 9464; 0 disables), METRICS_HOST (default 127.0.0.1).
 */
export function startMetrics(
  env: NodeJS.ProcessEnv = process.env,
): { stop(): Promise<void>; port: number } | undefined {
  const port = Number(env.METRICS_PORT ?? 9464);
  if (!port) return undefined;
  const exporter = new PrometheusExporter({
    port,
    host: env.METRICS_HOST ?? '127.0.0.1',
  });
  const provider = new MeterProvider({ readers: [exporter] });
  metrics.setGlobalMeterProvider(provider);
  return {
    port,
    async stop() {
      await provider.shutdown();
      metrics.disable();
    },
  };
}

import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readSourceConfig } from '../shared/readSourceConfig';
import {
  defaultQueries,
  HTTP_PRESETS,
  type HttpPreset,
  METRIC_FAMILIES,
  type MetricFamily,
} from './metricFamilies';
import type { VictoriaMetricsCollectorOptions } from './VictoriaMetricsCollector';
import { VictoriaMetricsClient } from './VictoriaMetricsClient';

/** `rca.victoriaMetrics`, or undefined when the block is absent (the source is then off). */
export function readVictoriaMetricsOptions(
  config: Config,
): VictoriaMetricsCollectorOptions | undefined {
  const source = readSourceConfig(
    config,
    'rca.victoriaMetrics',
    'http://victoriametrics:8428',
  );
  if (!source) return undefined;
  const { c, url, headers } = source;
  const preset = (c.getOptionalString('httpPreset') ?? 'app') as HttpPreset;
  if (!HTTP_PRESETS.includes(preset))
    throw new InputError(
      `rca.victoriaMetrics.httpPreset must be one of ${HTTP_PRESETS.join(
        ', ',
      )}, got "${preset}"`,
    );
  const queries: Partial<Record<MetricFamily, string>> = defaultQueries(preset);
  const overrides = c.getOptionalConfig('queries');
  for (const key of overrides?.keys() ?? []) {
    if (!METRIC_FAMILIES.includes(key as MetricFamily))
      throw new InputError(
        `rca.victoriaMetrics.queries.${key} is not a metric family; known: ${METRIC_FAMILIES.join(
          ', ',
        )}`,
      );
    // `false` turns a family off; Backstage config has no empty strings.
    if (overrides!.getOptional(key) === false)
      delete queries[key as MetricFamily];
    else queries[key as MetricFamily] = overrides!.getString(key);
  }
  return {
    client: new VictoriaMetricsClient({
      url,
      tenant: c.getOptionalString('tenant'),
      headers,
      bearerToken: c.getOptionalString('bearerToken'),
      timeoutMs: c.getOptionalNumber('timeoutMs') ?? 10_000,
    }),
    queries,
    baseline24h: c.getOptionalBoolean('baseline24h') ?? false,
    concurrency: c.getOptionalNumber('concurrency') ?? 4,
  };
}

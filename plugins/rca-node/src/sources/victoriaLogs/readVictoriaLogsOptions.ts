import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readSourceConfig } from '../shared/readSourceConfig';
import { LOG_FIELD_PRESETS, type LogShipperPreset } from './logFields';
import type { VictoriaLogsCollectorOptions } from './VictoriaLogsCollector';
import { VictoriaLogsClient } from './VictoriaLogsClient';

/** `rca.victoriaLogs`, or undefined when the block is absent (the source is then off). */
export function readVictoriaLogsOptions(
  config: Config,
): VictoriaLogsCollectorOptions | undefined {
  const source = readSourceConfig(
    config,
    'rca.victoriaLogs',
    'http://victorialogs:9428',
  );
  if (!source) return undefined;
  const { c, url, headers } = source;
  const presetName = (c.getOptionalString('preset') ??
    'vector') as LogShipperPreset;
  const preset = LOG_FIELD_PRESETS[presetName];
  if (!preset)
    throw new InputError(
      `rca.victoriaLogs.preset must be one of ${Object.keys(
        LOG_FIELD_PRESETS,
      ).join(', ')}, got "${presetName}"`,
    );
  const f = c.getOptionalConfig('fields');
  return {
    client: new VictoriaLogsClient({
      url,
      headers,
      accountId: c.getOptionalString('accountId'),
      projectId: c.getOptionalString('projectId'),
      timeoutMs: c.getOptionalNumber('timeoutMs') ?? 10_000,
    }),
    fields: {
      namespace: f?.getOptionalString('namespace') ?? preset.namespace,
      pod: f?.getOptionalString('pod') ?? preset.pod,
      container: f?.getOptionalString('container') ?? preset.container,
      level: f?.getOptionalString('level') ?? preset.level,
      streamFields:
        f?.getOptionalBoolean('streamFields') ?? preset.streamFields,
    },
    sampleSize: c.getOptionalNumber('sampleSize') ?? 20_000,
  };
}

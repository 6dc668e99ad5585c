/** Field names of a log shipper, as they arrive in VictoriaLogs. */
export interface LogFields {
  namespace: string;
  pod: string;
  container: string;
  /** Severity field; lines without it are judged by their text. */
  level: string;
  /** Whether namespace/pod are stream fields (fast `{…}` filter) or plain fields (`field:=v`). */
  streamFields: boolean;
}

export type LogShipperPreset = 'vector' | 'vlagent' | 'fluent-bit' | 'promtail';

/** Defaults of each shipper's Kubernetes source, after ../shared/docs/integrations.md §2.2. */
export const LOG_FIELD_PRESETS: Record<LogShipperPreset, LogFields> = {
  vector: {
    namespace: 'kubernetes.pod_namespace',
    pod: 'kubernetes.pod_name',
    container: 'kubernetes.container_name',
    level: 'level',
    streamFields: true,
  },
  vlagent: {
    namespace: 'kubernetes.pod_namespace',
    pod: 'kubernetes.pod_name',
    container: 'kubernetes.container_name',
    level: 'level',
    streamFields: true,
  },
  'fluent-bit': {
    namespace: 'kubernetes.namespace_name',
    pod: 'kubernetes.pod_name',
    container: 'kubernetes.container_name',
    level: 'level',
    streamFields: true,
  },
  promtail: {
    namespace: 'namespace',
    pod: 'pod',
    container: 'container',
    level: 'level',
    streamFields: true,
  },
};

/** Fields shippers add to every line (Kubernetes metadata, file, stream): not the line's own. */
const SHIPPER_PREFIXES = ['kubernetes.', 'k8s.'];
const SHIPPER_KEYS = [
  'stream',
  'file',
  'filename',
  'source_type',
  'logtag',
  'job',
];

/**
 * The fields a shipper parsed out of a structured line (level, logger, error, ids), without
 * VictoriaLogs' `_…` fields and the shipper's metadata; empty for a plain-text line (one with no
 * field of its own but, at most, a severity).
 */
export function lineFields(
  row: Record<string, string>,
  fields: LogFields,
): Record<string, string> {
  const metadata = new Set([
    ...SHIPPER_KEYS,
    fields.namespace,
    fields.pod,
    fields.container,
  ]);
  const own = Object.entries(row).filter(
    ([k, v]) =>
      typeof v === 'string' &&
      !k.startsWith('_') &&
      !metadata.has(k) &&
      !SHIPPER_PREFIXES.some(p => k.startsWith(p)),
  );
  // A severity alone is a label a shipper may put on any line, not a sign of a structured one.
  return own.every(([k]) => k === fields.level) ? {} : Object.fromEntries(own);
}

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

import { type ClusterView, type Flag, flag } from './flags';

/** A log line as the eval loads it into VictoriaLogs (Vector's field names). */
export interface LogRow {
  _time: string;
  _msg: string;
  kubernetes: {
    pod_namespace: string;
    pod_name: string;
    container_name: string;
  };
}

const ERROR_LINE = /error|exception|fail/i;

/**
 * k8sgpt's Log analyzer (opt-in, enabled here): each container's last 100 lines grepped for
 * error/exception/fail; one Result per container with the matching lines.
 */
export function logAnalyzer(view: ClusterView, rows: LogRow[]): Flag[] {
  const byContainer = new Map<string, LogRow[]>();
  for (const l of rows) {
    const k = l.kubernetes;
    const key = `${k.pod_namespace}/${k.pod_name}/${k.container_name}`;
    byContainer.set(key, [...(byContainer.get(key) ?? []), l]);
  }
  const pods = new Map(
    view.of('Pod').map(p => [`${p.metadata.namespace}/${p.metadata.name}`, p]),
  );
  const flags: Flag[] = [];
  for (const [key, all] of byContainer) {
    const [namespace, podName] = key.split('/');
    const pod = pods.get(`${namespace}/${podName}`);
    if (!pod) continue;
    const last = all
      .slice()
      .sort((a, b) => a._time.localeCompare(b._time))
      .slice(-100)
      .filter(l => ERROR_LINE.test(l._msg));
    if (!last.length) continue;
    flags.push({
      ...flag('Log', pod, last.map(l => l._msg).join('\n')),
      name: key,
    });
  }
  return flags;
}

import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { KUBERNETES_FACTS } from '../../sources/kubernetes/kubeFacts';
import { LOGS_FACTS } from '../../sources/victoriaLogs/VictoriaLogsCollector';
import type { RunContext } from '../RunContext';

/** A container that started this close to the end of the window may not have logged yet. */
const BRIEF_RUN_MS = 60_000;

/** Every container status of a pod, init containers included. */
function statusesOf(pod: V1Pod): V1ContainerStatus[] {
  return [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ];
}

/** Why one pod has nothing to log, or undefined when it ran and should have logged. */
function quietPod(pod: V1Pod, end: Date): string | undefined {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed')
    return `finished (${phase}), so its logs may be gone with it`;
  const statuses = statusesOf(pod);
  const ran = statuses.filter(
    s => s.state?.running || s.state?.terminated || s.lastState?.terminated,
  );
  if (!ran.length) return 'never started';
  const longest = Math.max(
    ...ran.map(s => {
      const started =
        s.state?.running?.startedAt ?? s.state?.terminated?.startedAt;
      // A terminated (or restarted) container ran for a while before: it should have logged.
      if (!s.state?.running || s.lastState?.terminated || !started)
        return Infinity;
      return end.getTime() - new Date(started).getTime();
    }),
  );
  return longest < BRIEF_RUN_MS
    ? 'started less than a minute before the end of the window'
    : undefined;
}

/**
 * Why pods had nothing to log: every pod never started, finished (completed Job pods) or only just
 * started; undefined when some pod ran and should have logged (then missing lines are a gap).
 */
export function whyNoLogs(pods: V1Pod[], end: Date): string | undefined {
  if (!pods.length)
    return 'the component has no pods, so there is nothing to log';
  const reasons = new Map<string, string[]>();
  for (const pod of pods) {
    const reason = quietPod(pod, end);
    if (!reason) return undefined;
    reasons.set(reason, [
      ...(reasons.get(reason) ?? []),
      pod.metadata?.name ?? '?',
    ]);
  }
  return [...reasons]
    .map(
      ([reason, names]) =>
        `pod ${names.slice(0, 3).join(', ')}${
          names.length > 3 ? ` (+${names.length - 3})` : ''
        } ${reason}`,
    )
    .join('; ');
}

/**
 * A target whose logs selector saw no line is a gap (likely the shipper's field names), unless the
 * Kubernetes facts show its pods had nothing to log: then it is a stated fact, not a gap.
 */
export function settleSilence(run: RunContext): void {
  const logs = run.facts.get(LOGS_FACTS);
  const kube = run.facts.get(KUBERNETES_FACTS);
  for (const t of logs?.targets ?? []) {
    if (!t.silence) continue;
    const seen = (kube?.clusters ?? []).flatMap(c =>
      c.targets.filter(x => x.target.entityRef === t.entityRef),
    );
    const reason = seen.length
      ? whyNoLogs(
          seen.flatMap(x => x.pods),
          run.input.window.to,
        )
      : undefined;
    if (reason) run.state(`${t.silence}: ${reason}`);
    else
      run.gap(
        `${t.silence}: check rca.victoriaLogs.fields for your log shipper`,
      );
  }
}

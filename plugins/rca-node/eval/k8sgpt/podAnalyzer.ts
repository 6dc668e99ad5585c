import { type ClusterView, type Flag, flag, type Obj } from './flags';

/** Waiting reasons k8sgpt reports with their message (`pod.go`, `isErrorReason`). */
const ERROR_REASONS = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'CreateContainerConfigError',
  'PreCreateHookError',
  'CreateContainerError',
  'PreStartHookError',
  'RunContainerError',
  'ImageInspectError',
  'ErrImagePull',
  'ErrImageNeverPull',
  'InvalidImageName',
]);

function scheduling(pod: Obj): string[] {
  const out: string[] = [];
  if (pod.status?.phase !== 'Pending') return out;
  for (const c of pod.status?.conditions ?? []) {
    if (c.type !== 'PodScheduled') continue;
    if (c.reason === 'Unschedulable' && c.message) out.push(c.message);
    if (c.reason === 'SchedulingGated')
      out.push(
        c.message ??
          `Pod ${pod.metadata.name} is blocked from scheduling due to non-empty scheduling gates`,
      );
  }
  return out;
}

function container(pod: Obj, cs: Obj, view: ClusterView): string[] {
  const name = pod.metadata.name;
  const waiting = cs.state?.waiting;
  const latest = (reasons: string[]) =>
    view
      .eventsOf('Pod', name, pod.metadata.namespace)
      .slice(0, 1)
      .filter(e => reasons.includes(e.reason))
      .map(e => e.message as string);
  if (
    waiting?.reason === 'ContainerCreating' &&
    pod.status?.phase === 'Pending'
  )
    return latest(['FailedCreatePodSandBox', 'FailedMount']);
  if (waiting?.reason === 'CrashLoopBackOff' && cs.lastState?.terminated)
    return [
      `the last termination reason is ${cs.lastState.terminated.reason} container=${cs.name} pod=${name}`,
    ];
  if (waiting && ERROR_REASONS.has(waiting.reason) && waiting.message)
    return [waiting.message];
  const terminated = cs.state?.terminated;
  if (terminated && terminated.exitCode !== 0)
    return [
      `the termination reason is ${terminated.reason} exitCode=${terminated.exitCode} container=${cs.name} pod=${name}`,
    ];
  if (cs.state?.running && cs.ready === false) return latest(['Unhealthy']);
  return [];
}

/** k8sgpt's Pod analyzer: scheduling, eviction, then each init and app container's state. */
export function podAnalyzer(view: ClusterView): Flag[] {
  const flags: Flag[] = [];
  for (const pod of view.of('Pod')) {
    const texts = [...scheduling(pod)];
    if (pod.status?.reason === 'Evicted')
      texts.push(
        pod.status.message ?? `Pod ${pod.metadata.name} has been evicted`,
      );
    for (const cs of [
      ...(pod.status?.initContainerStatuses ?? []),
      ...(pod.status?.containerStatuses ?? []),
    ])
      texts.push(...container(pod, cs, view));
    flags.push(...texts.map(t => flag('Pod', pod, t)));
  }
  return flags;
}

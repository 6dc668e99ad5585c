import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import type { EvidenceLedger } from '../../contracts';
import {
  containerStatuses,
  evContainerState,
  evEvent,
  evLastTermination,
} from '../../sources/kubernetes/kubeEvidence';
import {
  eventsAbout,
  eventTime,
  firstEventTime,
  iso,
  type TargetObjects,
} from '../../sources/kubernetes/kubeFacts';
import { classify, crashTitle } from '../classify';
import type { StartupLine } from '../../sources/victoriaLogs/startupLines';
import type { ContainerView, CrashView, PodFinding, PodView } from '../family';
import { unexplainedCrash } from '../families/unexplained';
import { crashBase, earliest, endedBefore } from '../helpers';
import { mountedSource, onlyClaim } from '../mountedSource';
import { firstOf, RULE_FAMILIES } from '../registry';

/** Where the pod's findings are read from: its cluster, its objects and the analysis window. */
export interface PodScope {
  ledger: EvidenceLedger;
  cluster: string;
  objects: TargetObjects;
  window: { from: Date; to: Date };
  /** The target's start-up lines from the logs, when they were read. */
  startupLines?: StartupLine[];
}

function podView(scope: PodScope, pod: V1Pod): PodView {
  const { ledger, cluster, window } = scope;
  const podName = pod.metadata?.name ?? '?';
  return {
    ledger,
    cluster,
    pod,
    podName,
    window,
    // An event whose last occurrence precedes the window is history, not the incident.
    events: eventsAbout(scope.objects, 'Pod', podName).filter(
      e => !endedBefore(eventTime(e), window),
    ),
    classify,
    cite: es => es.map(e => evEvent(ledger, cluster, e)),
    appLines: (scope.startupLines ?? [])
      .filter(l => l.pod === podName)
      .sort((a, b) => a.time.localeCompare(b.time)),
    onsetOf: (es, fallback) => earliest([...es.map(firstEventTime), fallback]),
  };
}

/** The container is crash-looping: its current or last termination explains the restarts. */
function crashView(c: ContainerView): CrashView | undefined {
  const cs = c.status;
  const term = cs.state?.terminated?.exitCode
    ? cs.state.terminated
    : cs.lastState?.terminated;
  const crashing =
    cs.state?.waiting?.reason === 'CrashLoopBackOff' ||
    (term && term.exitCode !== 0 && (cs.restartCount ?? 0) > 0) ||
    (c.init && term && term.exitCode !== 0);
  if (!crashing || !term) return undefined;
  const onset = earliest([
    ...c.events
      .filter(
        e =>
          ['BackOff', 'Killing', 'Unhealthy'].includes(e.reason ?? '') &&
          c.forContainer(e),
      )
      .map(firstEventTime),
    iso(term.finishedAt),
  ]);
  return { ...c, terminated: term, onset };
}

/** The image and node a crash happens with: an entrypoint or architecture fault is theirs. */
function runsOn(c: CrashView): string {
  const spec = [
    ...(c.pod.spec?.containers ?? []),
    ...(c.pod.spec?.initContainers ?? []),
  ].find(x => x.name === c.status.name);
  const image = spec?.image ?? c.status.image;
  const node = c.pod.spec?.nodeName;
  const parts = [image && `image ${image}`, node && `node ${node}`].filter(
    Boolean,
  );
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** A crash no hook claimed, classified by its termination message, else its exit code. */
function classifiedCrash(c: CrashView): PodFinding | undefined {
  const term = c.terminated;
  const message = term.message ?? '';
  const hit =
    c.classify('crash', message) ??
    c.classify('exitCode', String(term.exitCode));
  if (!hit) return undefined;
  return {
    ...crashBase(c),
    category: hit.label,
    specificity: hit.specificity,
    title: crashTitle(hit.label),
    explanation: `${c.who}${runsOn(c)} exits with code ${term.exitCode}${
      message ? `: ${message}` : ''
    }${
      mountedSource(c.pod, c.status.name, message) ||
      (hit.label === 'pvc_disk_full' ? onlyClaim(c.pod) : '')
    }`,
  };
}

/**
 * A container running again whose last termination finished before the window: that crash is
 * history (kubelet keeps `lastState` until the next one), so its finding is ruled out.
 */
function staleTermination(c: CrashView): string | undefined {
  const running = c.status.state?.running;
  const finished = iso(c.terminated.finishedAt);
  if (!running || c.terminated !== c.status.lastState?.terminated)
    return undefined;
  if (!endedBefore(finished, c.window)) return undefined;
  return `${c.who} last terminated (${
    c.terminated.reason ?? `exit ${c.terminated.exitCode}`
  }) at ${finished}, before the window, and has run since ${
    iso(running.startedAt) ?? 'then'
  }`;
}

function crashFinding(crash: CrashView): PodFinding {
  const found =
    firstOf(f => f.pods?.crashed?.(crash)) ??
    classifiedCrash(crash) ??
    unexplainedCrash(crash);
  const stale = staleTermination(crash);
  return stale ? { ...found, ruledOut: stale } : found;
}

function containerFinding(
  p: PodView,
  status: V1ContainerStatus,
  init: boolean,
): PodFinding | undefined {
  const keys = [
    evContainerState(p.ledger, p.cluster, p.pod, status, init),
    evLastTermination(p.ledger, p.cluster, p.pod, status, init),
  ].filter((k): k is string => !!k);
  const c: ContainerView = {
    ...p,
    status,
    init,
    who: `${init ? 'init container' : 'container'} ${status.name} of ${
      p.podName
    }`,
    keys,
    forContainer: e =>
      !e.involvedObject?.fieldPath ||
      e.involvedObject.fieldPath.includes(`{${status.name}}`),
  };
  const waiting = firstOf(f => f.pods?.waiting?.(c));
  if (waiting) return waiting;
  const crash = crashView(c);
  return crash && crashFinding(crash);
}

/** Everything the families find on one pod, in the order of the pod hooks. */
export function podFindings(scope: PodScope, pod: V1Pod): PodFinding[] {
  const p = podView(scope, pod);
  const ended = firstOf(f => f.pods?.ended?.(p));
  if (ended) return [ended];
  const out: PodFinding[] = [];
  for (const family of RULE_FAMILIES) {
    const found = family.pods?.condition?.(p);
    if (found) out.push(found);
  }
  const mount = p.events.filter(
    e => e.reason === 'FailedMount' || e.reason === 'FailedAttachVolume',
  );
  if (mount.length) {
    const m = { ...p, mount, text: mount.map(e => e.message ?? '').join('\n') };
    const found = firstOf(f => f.pods?.mount?.(m));
    if (found) out.push(found);
  }
  for (const { status, init } of containerStatuses(pod)) {
    const found = containerFinding(p, status, init);
    if (found) out.push(found);
  }
  for (const family of RULE_FAMILIES) {
    const found = family.pods?.symptom?.(p, out);
    if (found) out.push(found);
  }
  return out;
}

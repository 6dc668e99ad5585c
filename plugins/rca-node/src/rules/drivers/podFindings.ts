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
  firstEventTime,
  iso,
  type TargetObjects,
} from '../../sources/kubernetes/kubeFacts';
import { classify, crashTitle } from '../classify';
import type { ContainerView, CrashView, PodFinding, PodView } from '../family';
import { unexplainedCrash } from '../families/unexplained';
import { crashBase, earliest } from '../helpers';
import { firstOf, RULE_FAMILIES } from '../registry';

function podView(
  ledger: EvidenceLedger,
  cluster: string,
  t: TargetObjects,
  pod: V1Pod,
): PodView {
  const podName = pod.metadata?.name ?? '?';
  return {
    ledger,
    cluster,
    pod,
    podName,
    events: eventsAbout(t, 'Pod', podName),
    classify,
    cite: es => es.map(e => evEvent(ledger, cluster, e)),
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
    explanation: `${c.who} exits with code ${term.exitCode}${
      message ? `: ${message}` : ''
    }`,
  };
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
  if (!crash) return undefined;
  return (
    firstOf(f => f.pods?.crashed?.(crash)) ??
    classifiedCrash(crash) ??
    unexplainedCrash(crash)
  );
}

/** Everything the families find on one pod, in the order of the pod hooks. */
export function podFindings(
  ledger: EvidenceLedger,
  cluster: string,
  t: TargetObjects,
  pod: V1Pod,
): PodFinding[] {
  const p = podView(ledger, cluster, t, pod);
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

import type { CoreV1Event } from '@kubernetes/client-node';
import type { RootCauseLabel } from '@internal/plugin-rca-common';
import { evObject } from '../../sources/kubernetes/kubeEvidence';
import { iso, ref } from '../../sources/kubernetes/kubeFacts';
import type { CrashView, PodFinding, PodView, RuleFamily } from '../family';
import { crashBase } from '../helpers';
import { kubectl, workloadRef } from '../steps';

/** Probes: readiness never passes, liveness kills a healthy process, start-up outlasts the probe. */
export const LABELS = [
  'readiness_probe_failing',
  'liveness_probe_misconfigured',
  'startup_too_slow_for_probe',
] as const satisfies readonly RootCauseLabel[];

export const SPECIFICITY = {
  /** Running, never Ready, readiness probe failures in the events. */
  readinessFailing: 0.8,
  /** Killed by the probe within its time budget, while not yet listening. */
  startupTooSlow: 0.8,
  /** The liveness probe targets a port the container does not expose, or a path that answers 404. */
  livenessWrongTarget: 0.9,
  /** Killed by the liveness probe for another reason. */
  livenessKills: 0.7,
};

export const TITLES = {
  readiness: 'Pods never become Ready: readiness probe failing',
  startupTooSlow: 'Start-up slower than the probe allows',
  liveness: 'Liveness probe kills a running container',
};

function probeEvents(
  events: CoreV1Event[],
  kind: 'Readiness' | 'Liveness' | 'Startup',
) {
  return events.filter(
    e =>
      e.reason === 'Unhealthy' && (e.message ?? '').startsWith(`${kind} probe`),
  );
}

/** What the probe that kills the container checks, against what the container exposes. */
function probeMismatch(c: CrashView, messages: string) {
  const container = c.pod.spec?.containers?.find(x => x.name === c.status.name);
  const probe = container?.startupProbe ?? container?.livenessProbe;
  const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
  const ports = (container?.ports ?? []).flatMap(p => [
    p.containerPort,
    p.name,
  ]);
  const budget = probe
    ? ((probe.initialDelaySeconds ?? 0) +
        (probe.periodSeconds ?? 10) * (probe.failureThreshold ?? 3)) *
      1000
    : undefined;
  const get = probe?.httpGet;
  const tcp = probe?.tcpSocket ? ` (TCP port ${probe.tcpSocket.port})` : '';
  // A named probe port means the container port of that name.
  const probePort =
    typeof port === 'string'
      ? container?.ports?.find(p => p.name === port)?.containerPort
      : port;
  // The app's own word beats the spec: a container need not declare the port it serves on.
  const listening = c.appLines.find(
    l => l.container === c.status.name && l.port !== undefined,
  );
  const offListening =
    listening !== undefined &&
    probePort !== undefined &&
    listening.port !== probePort;
  return {
    port,
    target: get ? ` (GET ${get.path ?? '/'} on port ${get.port})` : tcp,
    wrongPort:
      offListening ||
      (port !== undefined &&
        ports.length > 0 &&
        !ports.includes(port as never)),
    wrongPath: /statuscode: 404|status code 404/i.test(messages),
    budget,
    listening,
  };
}

function crashed(c: CrashView): PodFinding | undefined {
  const term = c.terminated;
  const killing = c.events.filter(
    e =>
      e.reason === 'Killing' &&
      /liveness|startup/i.test(e.message ?? '') &&
      c.forContainer(e),
  );
  const liveness = [
    ...probeEvents(c.events, 'Liveness'),
    ...probeEvents(c.events, 'Startup'),
  ].filter(c.forContainer);
  if (!killing.length && !liveness.length) return undefined;
  const started = term.startedAt
    ? new Date(term.startedAt).getTime()
    : undefined;
  const finished = term.finishedAt
    ? new Date(term.finishedAt).getTime()
    : undefined;
  const messages = liveness.map(e => e.message ?? '').join('\n');
  const { port, target, wrongPort, wrongPath, budget, listening } =
    probeMismatch(c, messages);
  const ranFor = started && finished ? finished - started : undefined;
  // An app that logged it is listening has started: the probe, not start-up, is at fault.
  const killedDuringStart =
    !listening &&
    !wrongPort &&
    !wrongPath &&
    budget !== undefined &&
    ranFor !== undefined &&
    ranFor <= budget * 1.5 &&
    /connection refused|timeout|deadline/i.test(messages);
  const base = crashBase(c);
  const evidence = [
    ...base.evidence,
    ...c.cite(killing),
    ...c.cite(liveness),
    ...(listening?.evidence ? [listening.evidence] : []),
  ];
  const said = liveness[0]?.message ?? killing[0]?.message;
  if (killedDuringStart) {
    return {
      ...base,
      evidence,
      category: 'startup_too_slow_for_probe',
      specificity: SPECIFICITY.startupTooSlow,
      title: TITLES.startupTooSlow,
      explanation: `${c.who} is killed by its probe ${Math.round(
        ranFor! / 1000,
      )} s after start, before it listens (probe budget ${Math.round(
        budget! / 1000,
      )} s): ${said}`,
    };
  }
  const heard = listening
    ? `listens on: its logs say port ${listening.port} ("${listening.text}")`
    : 'exposes';
  return {
    ...base,
    evidence,
    category: 'liveness_probe_misconfigured',
    specificity:
      wrongPort || wrongPath
        ? SPECIFICITY.livenessWrongTarget
        : SPECIFICITY.livenessKills,
    title: TITLES.liveness,
    explanation: `${c.who} is restarted by its liveness probe${target}${
      wrongPort ? `; port ${port} is not one the container ${heard}` : ''
    }${wrongPath ? ' (the probe path answers 404)' : ''}: ${said}`,
  };
}

/** Running but never ready, and nothing more specific found on the pod. */
function symptom(p: PodView, found: PodFinding[]): PodFinding | undefined {
  const ready = p.pod.status?.conditions?.find(c => c.type === 'Ready');
  const readiness = probeEvents(p.events, 'Readiness');
  if (
    p.pod.status?.phase !== 'Running' ||
    ready?.status !== 'False' ||
    !readiness.length ||
    found.some(f => !f.symptom)
  )
    return undefined;
  const message = readiness[readiness.length - 1].message ?? '';
  const local = p.appLines.find(l => l.loopback);
  return {
    category: 'readiness_probe_failing',
    specificity: SPECIFICITY.readinessFailing,
    title: TITLES.readiness,
    explanation: `${p.podName} runs but its readiness probe fails: ${message}${
      local
        ? `; the app listens on a loopback address only ("${local.text}"), which the kubelet's probe to the pod IP cannot reach`
        : ''
    }`,
    level: 2,
    evidence: [
      evObject(
        p.ledger,
        p.cluster,
        ref('Pod', p.pod),
        'status.conditions[Ready]',
        `Ready=False ${ready.reason ?? ''}: ${ready.message ?? ''}`,
        { timestamp: iso(ready.lastTransitionTime) },
      ),
      ...p.cite(readiness),
      ...(local?.evidence ? [local.evidence] : []),
    ],
    onset: p.onsetOf(readiness),
    detail: p.classify('crash', message)?.label,
  };
}

export const probes: RuleFamily = {
  name: 'probes',
  labels: LABELS,
  pods: { crashed, symptom },
  nextSteps: {
    readiness_probe_failing: c => [
      {
        text: 'Read the probe failures and check the probe path and port against the app.',
        command: `${kubectl(c)} describe pod ${c.pod ?? '<pod>'}`,
      },
      {
        text: 'Check which endpoints the Service has.',
        command: `${kubectl(c)} get endpoints`,
      },
    ],
    liveness_probe_misconfigured: c => [
      {
        text: 'Point the liveness probe at the right port/path or relax its timing.',
        command: `${kubectl(c)} get ${workloadRef(
          c,
        )} -o jsonpath='{.spec.template.spec.containers[*].livenessProbe}'`,
      },
    ],
    startup_too_slow_for_probe: c => [
      {
        text: 'Add a startupProbe (or raise initialDelaySeconds / failureThreshold) so start-up can finish.',
        command: `${kubectl(c)} edit ${workloadRef(c)}`,
      },
    ],
  },
};

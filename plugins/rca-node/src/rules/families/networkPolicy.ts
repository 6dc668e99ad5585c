import type { V1NetworkPolicy, V1Pod } from '@kubernetes/client-node';
import type { RootCauseLabel } from '@internal/plugin-rca-common';
import { evEvent, evObject } from '../../sources/kubernetes/kubeEvidence';
import {
  changedAt,
  firstEventTime,
  inWindow,
  KUBERNETES_FACTS,
  iso,
  ref,
  type TargetObjects,
} from '../../sources/kubernetes/kubeFacts';
import {
  matchesSelector,
  selectsAll,
} from '../../sources/kubernetes/labelSelector';
import type { RuleDraft, RuleFamily, TargetView } from '../family';
import { earliest } from '../helpers';
import { CLUSTER_DNS, egressAllowed } from '../networkPolicySemantics';
import { kubectl } from '../steps';
import { policyDeniesCall } from '../policyDeniesCall';
import {
  type PolicyPortPitfall,
  policyPortPitfalls,
} from '../policyPortPitfall';
import { LOGS_FACTS } from '../../sources/victoriaLogs/VictoriaLogsCollector';

/** A NetworkPolicy cuts the traffic of the pods it selects. */
export const LABELS = [
  'networkpolicy_blocking',
] as const satisfies readonly RootCauseLabel[];

export const SPECIFICITY = {
  /** Egress denied without DNS, and the pods fail to resolve names. */
  blocksDns: 0.9,
  /** Egress allowed on a Service's port, not its pods' port, and the pods' calls fail. */
  servicePortNotPodPort: 0.9,
  /** Changed recently, and the selected pods show connection failures. */
  recentChange: 0.75,
};

export const TITLES = {
  blocking: 'NetworkPolicy cuts the traffic',
};

/** How long before the window a policy change still counts as recent. */
const RECENT_MS = 3_600_000;

const CONNECTIVITY =
  /timeout|timed out|connection refused|no such host|name resolution|getaddrinfo|EAI_AGAIN|ENOTFOUND|i\/o timeout|dial tcp|context deadline exceeded/i;

/** Go's resolver names the DNS server it asked: `lookup db on 10.96.0.10:53: ... i/o timeout`. */
const DNS_FAILURE =
  /no such host|name resolution|getaddrinfo|EAI_AGAIN|ENOTFOUND|lookup \S+ on \S+:53\b/i;

/** The component's error-log templates, new in the window, that report a failed connection. */
function logSymptoms(
  t: TargetView,
  entityRef: string | undefined,
  pods: V1Pod[],
) {
  const facts = t.ctx.facts.get(KUBERNETES_FACTS);
  return (t.ctx.facts.get(LOGS_FACTS)?.targets ?? [])
    .filter(x => x.entityRef === entityRef)
    .flatMap(x => x.templates)
    .filter(tpl => {
      const text = tpl.exemplars[0] ?? tpl.template;
      // A call the policies are seen to allow is not theirs to explain.
      return (
        tpl.trend === 'new' &&
        CONNECTIVITY.test(text) &&
        policyDeniesCall(t.objects.networkPolicies, pods, text, facts) !== false
      );
    });
}

function connectivitySymptoms(t: TargetObjects, pods: V1Pod[]) {
  const names = new Set(pods.map(p => p.metadata?.name));
  const events = t.events.filter(
    e =>
      e.involvedObject?.kind === 'Pod' &&
      names.has(e.involvedObject.name) &&
      e.type === 'Warning' &&
      CONNECTIVITY.test(e.message ?? ''),
  );
  const terminations = pods.flatMap(p =>
    (p.status?.containerStatuses ?? [])
      .filter(cs => CONNECTIVITY.test(cs.lastState?.terminated?.message ?? ''))
      .map(cs => ({ pod: p, cs })),
  );
  return { events, terminations };
}

/**
 * Whether `np` takes part in denying the pods DNS: it selects them for egress, and no egress rule
 * of any policy selecting them (policies add up) lets them reach the cluster DNS on port 53.
 */
function deniesDns(t: TargetView, np: V1NetworkPolicy, pods: V1Pod[]): boolean {
  return pods.some(p => {
    const verdict = egressAllowed(
      t.objects.networkPolicies,
      {
        namespace: p.metadata?.namespace ?? '',
        labels: p.metadata?.labels ?? {},
      },
      CLUSTER_DNS,
    );
    return !!verdict && !verdict.allowed && verdict.selecting.includes(np);
  });
}

/** What the policy does to the pods, as the finding says it. */
function whatItDoes(
  np: V1NetworkPolicy,
  types: string[],
  blocksDns: boolean,
  pitfalls: PolicyPortPitfall[],
): string {
  if (blocksDns)
    return 'denies egress to the cluster DNS (kube-dns in kube-system, port 53)';
  if (pitfalls.length) return pitfallText(pitfalls);
  return `${types.join('+')} policy${
    selectsAll(np.spec?.podSelector) ? ' for every pod' : ''
  }`;
}

function specificityOf(dnsDenied: boolean, servicePort: boolean): number {
  if (dnsDenied) return SPECIFICITY.blocksDns;
  return servicePort
    ? SPECIFICITY.servicePortNotPodPort
    : SPECIFICITY.recentChange;
}

const serviceName = (s: PolicyPortPitfall['service']) =>
  `${s.metadata?.namespace}/${s.metadata?.name}`;

function pitfallText(pitfalls: PolicyPortPitfall[]): string {
  return `allows egress on port ${pitfalls
    .map(
      x =>
        `${x.port} to the pods of Service ${serviceName(
          x.service,
        )}, which forwards port ${x.port} to their port ${x.targetPort}`,
    )
    .join(
      '; ',
    )}: a NetworkPolicy matches the pod's port after the Service translates it, so those calls are dropped`;
}

function pitfallEvidence(t: TargetView, x: PolicyPortPitfall): string {
  return evObject(
    t.ledger,
    t.cluster,
    ref('Service', x.service),
    'spec.ports',
    `port ${x.port} → targetPort ${x.targetPort}`,
    { severity: 'info', drawnFrom: x.service.metadata?.namespace ?? '' },
  );
}

function policyDraft(
  t: TargetView,
  np: V1NetworkPolicy,
): RuleDraft | undefined {
  const pods = t.objects.pods.filter(
    p =>
      p.metadata?.namespace === np.metadata?.namespace &&
      matchesSelector(np.spec?.podSelector, p.metadata?.labels ?? {}),
  );
  const { events, terminations } = connectivitySymptoms(t.objects, pods);
  const about = t.about('NetworkPolicy', np);
  // Pods that keep running (a sync loop, a server whose calls fail) say it only in their logs.
  const types = np.spec?.policyTypes ?? ['Ingress'];
  // A pod's own failed calls are outgoing: only an egress policy explains them.
  const logs =
    pods.length && types.includes('Egress')
      ? logSymptoms(t, about.entityRef, pods)
      : [];
  if (!events.length && !terminations.length && !logs.length) return undefined;
  const changed = changedAt(np);
  const recent = inWindow(changed, t.ctx.input.window, RECENT_MS);
  const blocksDns = deniesDns(t, np, pods);
  const dnsSymptom = [
    ...events.map(e => e.message ?? ''),
    ...terminations.map(x => x.cs.lastState?.terminated?.message ?? ''),
    ...logs.map(l => l.exemplars[0] ?? l.template),
  ].some(m => DNS_FAILURE.test(m));
  const pitfalls = policyPortPitfalls(np, [
    ...(t.snapshot.peerServices ?? []),
    ...t.objects.namespaceServices,
  ]);
  if (!recent && !(blocksDns && dnsSymptom) && !pitfalls.length)
    return undefined;
  const what = whatItDoes(np, types, blocksDns, pitfalls);
  const policyKey = evObject(
    t.ledger,
    t.cluster,
    ref('NetworkPolicy', np),
    'spec',
    `${what}; last changed ${changed ?? 'unknown'}`,
    { timestamp: changed },
  );
  return {
    ...about,
    category: 'networkpolicy_blocking',
    title: TITLES.blocking,
    explanation: `NetworkPolicy ${np.metadata?.name} (${what}) selects the component's pods, which then show connection failures`,
    level: 0,
    onset: earliest([
      ...events.map(firstEventTime),
      ...terminations.map(x => iso(x.cs.lastState?.terminated?.finishedAt)),
      ...logs.map(l => l.firstSeen),
    ]),
    evidence: [
      policyKey,
      ...pitfalls.map(x => pitfallEvidence(t, x)),
      ...events.map(e => evEvent(t.ledger, t.cluster, e)),
      ...logs.map(l => l.evidence),
    ],
    change: recent ? policyKey : undefined,
    specificity: specificityOf(blocksDns && dnsSymptom, pitfalls.length > 0),
    steps: { namespace: np.metadata?.namespace, detail: np.metadata?.name },
  };
}

function network(t: TargetView): RuleDraft[] {
  return t.objects.networkPolicies.flatMap(np => policyDraft(t, np) ?? []);
}

export const networkPolicy: RuleFamily = {
  name: 'networkPolicy',
  labels: LABELS,
  network,
  nextSteps: {
    networkpolicy_blocking: c => [
      {
        text: `Review the NetworkPolicy${
          c.detail ? ` ${c.detail}` : ''
        }; allow the blocked traffic, including DNS: egress to the kube-dns pods (namespace kube-system, label k8s-app=kube-dns) on UDP and TCP port 53.`,
        command: `${kubectl(c)} describe networkpolicy`,
      },
    ],
  },
};

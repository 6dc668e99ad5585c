import type {
  V1NetworkPolicy,
  V1NetworkPolicyPeer,
  V1NetworkPolicyPort,
} from '@kubernetes/client-node';
import {
  matchesSelector,
  NAMESPACE_NAME_LABEL,
} from '../sources/kubernetes/labelSelector';

/** One end of a connection: a pod's labels and its namespace's labels. */
export interface Endpoint {
  namespace: string;
  labels: Record<string, string>;
  /** Labels of the namespace; `kubernetes.io/metadata.name` is always set by the API server. */
  namespaceLabels?: Record<string, string>;
}

/** A destination: a pod (or only an IP outside the cluster), a port and its protocol. */
export interface Destination extends Partial<Endpoint> {
  port: number;
  portName?: string;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
}

/** The cluster DNS as kube-dns / CoreDNS run it: pods labelled k8s-app=kube-dns in kube-system. */
export const CLUSTER_DNS: Destination = {
  namespace: 'kube-system',
  labels: { 'k8s-app': 'kube-dns' },
  port: 53,
  portName: 'dns',
  protocol: 'UDP',
};

const namespaceLabelsOf = (e: Partial<Endpoint>) => ({
  ...(e.namespace ? { [NAMESPACE_NAME_LABEL]: e.namespace } : {}),
  ...e.namespaceLabels,
});

/** Whether a policy applies to egress: listed in policyTypes, or (unset) when it has egress rules. */
const governsEgress = (np: V1NetworkPolicy) =>
  np.spec?.policyTypes
    ? np.spec.policyTypes.includes('Egress')
    : !!np.spec?.egress;

/** A `to` peer: pods by podSelector within namespaces by namespaceSelector, or an ipBlock. */
function peerMatches(
  peer: V1NetworkPolicyPeer,
  policyNamespace: string,
  to: Destination,
): boolean {
  if (peer.ipBlock) {
    // Only a block covering everything surely includes an in-cluster address we do not know.
    return peer.ipBlock.cidr === '0.0.0.0/0' || peer.ipBlock.cidr === '::/0';
  }
  if (!to.labels || !to.namespace) return false;
  const inNamespace = peer.namespaceSelector
    ? matchesSelector(peer.namespaceSelector, namespaceLabelsOf(to))
    : to.namespace === policyNamespace;
  const podOk = peer.podSelector
    ? matchesSelector(peer.podSelector, to.labels)
    : true;
  return inNamespace && podOk;
}

function portMatches(p: V1NetworkPolicyPort, to: Destination): boolean {
  if ((p.protocol ?? 'TCP') !== (to.protocol ?? 'TCP')) return false;
  if (p.port === undefined) return true;
  if (typeof p.port === 'string') return p.port === to.portName;
  return p.endPort !== undefined
    ? to.port >= p.port && to.port <= p.endPort
    : to.port === p.port;
}

/**
 * Whether the policies of the caller's namespace let `from` open a connection to `to`, by the
 * NetworkPolicy rules: a pod no Egress policy selects may send anywhere; once one selects it, only
 * what some egress rule of some selecting policy allows (a rule allows a peer in `to` — all peers
 * when empty — on a port in `ports` — all ports when empty); policies add up, none denies.
 * Ingress at the callee is not evaluated here. Undefined when no policy selects the caller.
 */
export function egressAllowed(
  policies: V1NetworkPolicy[],
  from: Endpoint,
  to: Destination,
): { allowed: boolean; selecting: V1NetworkPolicy[] } | undefined {
  const selecting = policies.filter(
    np =>
      np.metadata?.namespace === from.namespace &&
      governsEgress(np) &&
      matchesSelector(np.spec?.podSelector ?? {}, from.labels),
  );
  if (!selecting.length) return undefined;
  const allowed = selecting.some(np =>
    (np.spec?.egress ?? []).some(
      rule =>
        (!rule.to?.length ||
          rule.to.some(peer => peerMatches(peer, from.namespace, to))) &&
        (!rule.ports?.length || rule.ports.some(p => portMatches(p, to))),
    ),
  );
  return { allowed, selecting };
}

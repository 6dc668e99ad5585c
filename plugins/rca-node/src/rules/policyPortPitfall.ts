import type {
  V1NetworkPolicy,
  V1NetworkPolicyPeer,
  V1Service,
} from '@kubernetes/client-node';
import { NAMESPACE_NAME_LABEL } from '../sources/kubernetes/labelSelector';

/** A port an egress rule allows on a Service's port number, while the Service's pods listen elsewhere. */
export interface PolicyPortPitfall {
  service: V1Service;
  /** The port the rule allows, the Service's own port. */
  port: number;
  /** Where the Service sends it: the pods' port, which the rule does not allow. */
  targetPort: number;
}

/** The namespace a rule's peer designates by name, else the policy's own (a pod selector alone). */
function peerNamespace(
  peer: V1NetworkPolicyPeer,
  own: string,
): string | undefined {
  if (!peer.namespaceSelector) return own;
  return peer.namespaceSelector.matchLabels?.[NAMESPACE_NAME_LABEL];
}

/** The Service's pods are among the peer's: every label the peer asks for, the Service selects. */
function peerSelects(peer: V1NetworkPolicyPeer, svc: V1Service): boolean {
  const wanted = peer.podSelector?.matchLabels ?? {};
  const selector = svc.spec?.selector ?? {};
  return (
    Object.keys(selector).length > 0 &&
    Object.entries(wanted).every(([k, v]) => selector[k] === v)
  );
}

/**
 * Egress rules that allow a Service's port instead of its pods' port. A NetworkPolicy is matched
 * against the connection as it reaches the pod, after the Service has translated `port` to
 * `targetPort`, so allowing 80 for a Service that forwards 80 to 4245 drops every call to it.
 */
export function policyPortPitfalls(
  np: V1NetworkPolicy,
  services: V1Service[],
): PolicyPortPitfall[] {
  const out: PolicyPortPitfall[] = [];
  const own = np.metadata?.namespace ?? '';
  for (const rule of np.spec?.egress ?? []) {
    const allowed = new Set(
      (rule.ports ?? []).map(p => p.port).filter(p => typeof p === 'number'),
    );
    if (!allowed.size) continue;
    for (const peer of rule.to ?? []) {
      const ns = peerNamespace(peer, own);
      for (const svc of services) {
        if (svc.metadata?.namespace !== ns || !peerSelects(peer, svc)) continue;
        for (const sp of svc.spec?.ports ?? []) {
          // A named targetPort is resolved per pod: not knowable from the Service alone.
          const target = Number(sp.targetPort ?? sp.port);
          if (Number.isNaN(target) || target === sp.port) continue;
          if (allowed.has(sp.port) && !allowed.has(target))
            out.push({ service: svc, port: sp.port, targetPort: target });
        }
      }
    }
  }
  return out;
}

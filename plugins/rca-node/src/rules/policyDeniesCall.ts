import type { V1NetworkPolicy, V1Pod } from '@kubernetes/client-node';
import type { KubernetesFacts } from '../sources/kubernetes/kubeFacts';
import {
  CLUSTER_DNS,
  type Destination,
  egressAllowed,
} from './networkPolicySemantics';
import { peersIn } from './peers/peerRefs';
import { type ResolvedPeer, resolvePeer } from './peers/resolvePeer';
import { snapshotObjects } from './peers/snapshotObjects';

/** A name lookup that got no answer: the call that failed went to the cluster DNS. */
const DNS_TIMEOUT =
  /lookup \S+ on \S+:53\b.*(?:timeout|timed out)|EAI_AGAIN|Temporary failure in name resolution/i;

function destinationOf(r: ResolvedPeer): Destination | undefined {
  const port = r.port?.podPort ?? r.peer.port;
  if (port === undefined) return undefined;
  if (r.pod)
    return {
      namespace: r.pod.metadata?.namespace,
      labels: r.pod.metadata?.labels ?? {},
      port,
    };
  if (!r.service?.spec?.selector) return undefined;
  return {
    namespace: r.service.metadata?.namespace,
    labels: r.pods[0]?.metadata?.labels ?? r.service.spec.selector,
    port,
    protocol: 'TCP',
  };
}

/**
 * Whether the NetworkPolicies deny the call an error line reports, for the given calling pods:
 * true when a callee the line names (a Service, a pod, the cluster DNS for a lookup timeout) is
 * denied, false when every callee it names is allowed, undefined when none could be placed.
 */
export function policyDeniesCall(
  policies: V1NetworkPolicy[],
  callers: V1Pod[],
  text: string,
  facts: KubernetesFacts | undefined,
): boolean | undefined {
  const objects = snapshotObjects(facts);
  const callees: Destination[] = DNS_TIMEOUT.test(text) ? [CLUSTER_DNS] : [];
  for (const peer of peersIn(text)) {
    const r = resolvePeer(objects, peer, callers[0]?.metadata?.namespace);
    const d = r && destinationOf(r);
    if (d) callees.push(d);
  }
  if (!callees.length) return undefined;
  return callees.some(to =>
    callers.some(p => {
      const verdict = egressAllowed(
        policies,
        {
          namespace: p.metadata?.namespace ?? '',
          labels: p.metadata?.labels ?? {},
        },
        to,
      );
      return !!verdict && !verdict.allowed;
    }),
  );
}

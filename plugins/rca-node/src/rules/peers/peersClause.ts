import type { AnalyzerContext } from '../../contracts';
import { KUBERNETES_FACTS, ref } from '../../sources/kubernetes/kubeFacts';
import { evObject } from '../../sources/kubernetes/kubeEvidence';
import { describePeer } from './describePeer';
import { peersIn, TLS_ERROR } from './peerRefs';
import { type ResolvedPeer, resolvePeer } from './resolvePeer';
import { snapshotObjects } from './snapshotObjects';

/** The Service as evidence: its type, address, ports and what its pods mount. */
function serviceEvidence(
  ctx: Pick<AnalyzerContext, 'evidence'>,
  r: ResolvedPeer,
): string {
  const svc = r.service!;
  const spec = svc.spec ?? {};
  const address =
    spec.type === 'ExternalName'
      ? `ExternalName ${spec.externalName ?? '?'}`
      : `${spec.type ?? 'ClusterIP'} ${spec.clusterIP ?? '?'}`;
  const ports = (spec.ports ?? [])
    .map(p => `${p.port}→${p.targetPort ?? p.port}`)
    .join(', ');
  const pods = r.pods.length ? `; selects ${r.pods.length} known pod(s)` : '';
  const secrets = r.secrets.length
    ? `; pods mount Secret ${r.secrets.join(', ')}`
    : '';
  return evObject(
    ctx.evidence,
    r.cluster,
    ref('Service', svc),
    'spec',
    `${address}${ports ? `, ports ${ports}` : ''}${pods}${secrets}`,
    // A callee's Service may come from a namespace read beyond the targets'.
    { severity: 'info', drawnFrom: svc.metadata?.namespace ?? '' },
  );
}

/** Peers named per log template. */
const MAX_PEERS = 3;

/**
 * The in-cluster objects an error text's failing calls went to, as a clause for an explanation
 * (`calls Service ledger-api (port 8443) whose pods mount Secret ledger-api-tls`), with the
 * Services cited as evidence. Names that resolve to nothing outside the snapshot say nothing.
 */
export function peersClause(
  ctx: Pick<AnalyzerContext, 'facts' | 'evidence'>,
  text: string,
  callerNamespace: string | undefined,
): { text?: string; evidence: string[] } {
  const objects = snapshotObjects(ctx.facts.get(KUBERNETES_FACTS));
  if (!objects.services.length && !objects.pods.length) return { evidence: [] };
  const tls = TLS_ERROR.test(text);
  const said = new Set<string>();
  const evidence: string[] = [];
  for (const peer of peersIn(text)) {
    const r = resolvePeer(objects, peer, callerNamespace, tls);
    if (!r || said.size >= MAX_PEERS) continue;
    const line = describePeer(r, callerNamespace);
    if (said.has(line)) continue;
    said.add(line);
    if (r.service) evidence.push(serviceEvidence(ctx, r));
    for (const name of r.missing?.similar ?? []) {
      const s = objects.services.find(
        x =>
          x.object.metadata?.name === name &&
          x.object.metadata?.namespace === r.missing!.namespace,
      )!;
      evidence.push(
        evObject(
          ctx.evidence,
          s.cluster,
          ref('Service', s.object),
          'metadata.name',
          `Service ${name} exists in ${
            r.missing!.namespace
          }; no Service is named ${r.missing!.name}`,
          { severity: 'info', drawnFrom: r.missing!.namespace },
        ),
      );
    }
  }
  return said.size
    ? { text: [...said].join('; '), evidence: [...new Set(evidence)] }
    : { evidence: [] };
}

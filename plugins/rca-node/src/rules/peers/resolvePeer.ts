import type { V1Pod, V1Service } from '@kubernetes/client-node';
import { matchesSelector } from '../../sources/kubernetes/labelSelector';
import { IPV4, type PeerRef } from './peerRefs';
import type { Located, Objects } from './snapshotObjects';

/** What a peer is in the cluster. */
export interface ResolvedPeer {
  peer: PeerRef;
  cluster: string;
  service?: V1Service;
  /** The called port on the Service, when the peer named one. */
  port?: {
    number: number;
    /** Absent when the Service has no such port. */
    targetPort?: number | string;
    /** The container port a named targetPort resolves to in the selected pods. */
    podPort?: number;
  };
  /** The pods the Service selects, among the snapshot's. */
  pods: V1Pod[];
  /** Secret volumes those pods mount (only read for a TLS failure). */
  secrets: string[];
  /** A pod called by its IP. */
  pod?: V1Pod;
  /** The Service was found by one of its endpoint addresses, not its ClusterIP. */
  endpoint?: boolean;
  /** No Service was listed in the namespace: the workload the name designates by convention. */
  workload?: { kind: string; name: string; namespace: string };
  /**
   * An address no Service or pod of the snapshot has: the caller namespace's ExternalName Services
   * (their addresses are resolved outside the cluster, so the address may be theirs).
   */
  external?: Array<{ name: string; externalName: string }>;
  /** An in-cluster name no Service answers to, with the namespace's Services that look like it. */
  missing?: { name: string; namespace: string; similar: string[] };
}

/** The Service and namespace a DNS name designates, when it is an in-cluster name. */
export function clusterName(
  host: string,
  callerNamespace: string | undefined,
  namespaces: Set<string>,
): { name: string; namespace: string } | undefined {
  const labels = host.split('.');
  if (IPV4.test(host)) return undefined;
  if (labels.length === 1)
    return callerNamespace
      ? { name: labels[0], namespace: callerNamespace }
      : undefined;
  if (labels.length === 2 && namespaces.has(labels[1]))
    return { name: labels[0], namespace: labels[1] };
  // svc.ns.svc[.cluster.local], or a pod of a headless Service: pod.svc.ns.svc[.cluster.local].
  if (labels[2] === 'svc') return { name: labels[0], namespace: labels[1] };
  if (labels[3] === 'svc') return { name: labels[1], namespace: labels[2] };
  return undefined;
}

/** The label `a` differs from `b` by at most `max` edits. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(
        prev[j] + 1,
        cur[j - 1] + 1,
        prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    prev = cur;
  }
  return prev[b.length];
}

/** Services named or nearly named like `name`: a token of it, a substring, a typo away. */
export function similarNames(name: string, candidates: string[]): string[] {
  const rank = (c: string): number | undefined => {
    if (c === name) return undefined;
    if (c.split('-').includes(name) || name.split('-').includes(c)) return 0;
    if (name.length >= 3 && c.includes(name)) return 1;
    if (c.length >= 4 && name.includes(c)) return 1;
    const d = editDistance(name, c);
    if (name.length >= 4 && d <= Math.min(2, Math.floor(name.length / 3)))
      return 2;
    return undefined;
  };
  return candidates
    .map(c => ({ c, r: rank(c) }))
    .filter((x): x is { c: string; r: number } => x.r !== undefined)
    .sort(
      (a, b) =>
        a.r - b.r ||
        Math.abs(a.c.length - name.length) -
          Math.abs(b.c.length - name.length) ||
        a.c.localeCompare(b.c),
    )
    .slice(0, 3)
    .map(x => x.c);
}

/** Legacy service-account token Secrets (`default-token-x7k2p`): credentials, not a certificate. */
const TOKEN_SECRET = /-token-[a-z0-9]{5}$/;

/** Secret volumes the pods mount; projected service-account volumes are not certificates. */
export function mountedSecrets(pods: V1Pod[]): string[] {
  const names = new Set<string>();
  for (const p of pods)
    for (const v of p.spec?.volumes ?? []) {
      if (v.secret?.secretName) names.add(v.secret.secretName);
      const sources = v.projected?.sources ?? [];
      if (sources.some(s => s.serviceAccountToken)) continue;
      for (const s of sources) if (s.secret?.name) names.add(s.secret.name);
    }
  return [...names].filter(n => !TOKEN_SECRET.test(n)).sort();
}

function selects(svc: V1Service, pod: V1Pod): boolean {
  const selector = svc.spec?.selector ?? {};
  return (
    Object.keys(selector).length > 0 &&
    pod.metadata?.namespace === svc.metadata?.namespace &&
    matchesSelector({ matchLabels: selector }, pod.metadata?.labels ?? {})
  );
}

/** The Service port called and where it lands in the pods. */
function portOf(
  svc: V1Service,
  pods: V1Pod[],
  port: number | undefined,
): ResolvedPeer['port'] {
  if (port === undefined) return undefined;
  const sp = (svc.spec?.ports ?? []).find(p => p.port === port);
  if (!sp) return { number: port };
  const targetPort = sp.targetPort ?? port;
  if (typeof targetPort === 'number' || /^\d+$/.test(targetPort))
    return { number: port, targetPort, podPort: Number(targetPort) };
  const podPort = pods
    .flatMap(p => p.spec?.containers ?? [])
    .flatMap(c => c.ports ?? [])
    .find(p => p.name === targetPort)?.containerPort;
  return { number: port, targetPort, podPort };
}

function serviceAt(
  objects: Objects,
  peer: PeerRef,
  service: Located<V1Service>,
  tls: boolean,
): ResolvedPeer {
  const pods = objects.pods
    .filter(
      p => p.cluster === service.cluster && selects(service.object, p.object),
    )
    .map(p => p.object);
  return {
    peer,
    cluster: service.cluster,
    service: service.object,
    port: portOf(service.object, pods, peer.port),
    pods,
    secrets: tls ? mountedSecrets(pods) : [],
  };
}

/** The Service an address is the ClusterIP or an endpoint of, else the pod that has it. */
function resolveAddress(
  objects: Objects,
  peer: PeerRef,
  callerNamespace: string | undefined,
  tls: boolean,
): ResolvedPeer | undefined {
  const { host } = peer;
  const svc = objects.services.find(
    ({ object: s }) =>
      s.spec?.clusterIP === host || (s.spec?.clusterIPs ?? []).includes(host),
  );
  if (svc) return serviceAt(objects, peer, svc, tls);
  const ep = objects.endpoints.find(({ object: e }) =>
    (e.subsets ?? []).some(sub =>
      [...(sub.addresses ?? []), ...(sub.notReadyAddresses ?? [])].some(
        a => a.ip === host,
      ),
    ),
  );
  const behind =
    ep &&
    objects.services.find(
      s =>
        s.cluster === ep.cluster &&
        s.object.metadata?.namespace === ep.object.metadata?.namespace &&
        s.object.metadata?.name === ep.object.metadata?.name,
    );
  if (behind)
    return { ...serviceAt(objects, peer, behind, tls), endpoint: true };
  const pod = objects.pods.find(({ object: p }) =>
    [p.status?.podIP, ...(p.status?.podIPs ?? []).map(i => i.ip)].includes(
      host,
    ),
  );
  if (pod)
    return {
      peer,
      cluster: pod.cluster,
      pod: pod.object,
      pods: [],
      secrets: [],
    };
  return externalCandidates(objects, peer, callerNamespace);
}

/** The ExternalName Services of the caller's namespace that accept the called port. */
function externalCandidates(
  objects: Objects,
  peer: PeerRef,
  callerNamespace: string | undefined,
): ResolvedPeer | undefined {
  const candidates = objects.services.filter(
    ({ object: s }) =>
      s.spec?.type === 'ExternalName' &&
      s.spec.externalName &&
      s.metadata?.namespace === callerNamespace &&
      (!s.spec.ports?.length ||
        peer.port === undefined ||
        s.spec.ports.some(p => p.port === peer.port)),
  );
  if (!candidates.length) return undefined;
  return {
    peer,
    cluster: candidates[0].cluster,
    pods: [],
    secrets: [],
    external: candidates.slice(0, 3).map(({ object: s }) => ({
      name: s.metadata?.name ?? '?',
      externalName: s.spec!.externalName!,
    })),
  };
}

/**
 * Where no Service was listed in the namespace (the list was refused or came back empty), the
 * workload named like the Service, as charts name both.
 */
function workloadNamed(
  objects: Objects,
  peer: PeerRef,
  named: { name: string; namespace: string },
  tls: boolean,
): ResolvedPeer | undefined {
  const w = objects.workloads.find(
    x =>
      x.object.metadata?.namespace === named.namespace &&
      x.object.metadata?.name === named.name,
  );
  if (!w) return undefined;
  const pods = objects.pods
    .filter(
      p =>
        p.cluster === w.cluster &&
        p.object.metadata?.namespace === named.namespace &&
        matchesSelector(
          w.object.spec?.selector,
          p.object.metadata?.labels ?? {},
        ),
    )
    .map(p => p.object);
  return {
    peer,
    cluster: w.cluster,
    pods,
    secrets: tls ? mountedSecrets(pods) : [],
    workload: { kind: w.object.kind, ...named },
  };
}

/** The Service (or pod) a peer is, or the near matches of a name that resolves to nothing. */
export function resolvePeer(
  objects: Objects,
  peer: PeerRef,
  callerNamespace: string | undefined,
  tls = false,
): ResolvedPeer | undefined {
  if (IPV4.test(peer.host))
    return resolveAddress(objects, peer, callerNamespace, tls);
  const namespaces = new Set(
    [...objects.services, ...objects.workloads].map(
      s => s.object.metadata?.namespace ?? '',
    ),
  );
  const named = clusterName(peer.host, callerNamespace, namespaces);
  if (!named) return undefined;
  const inNamespace = objects.services.filter(
    s => s.object.metadata?.namespace === named.namespace,
  );
  const svc = inNamespace.find(s => s.object.metadata?.name === named.name);
  if (svc) return serviceAt(objects, peer, svc, tls);
  if (!inNamespace.length) return workloadNamed(objects, peer, named, tls);
  // Only a namespace whose Services were listed can be said to lack one.
  if (!peer.dnsFailure) return undefined;
  const similar = similarNames(
    named.name,
    [...new Set(inNamespace.map(s => s.object.metadata?.name ?? ''))].filter(
      Boolean,
    ),
  );
  return {
    peer,
    cluster: inNamespace[0].cluster,
    pods: [],
    secrets: [],
    missing: { ...named, similar },
  };
}

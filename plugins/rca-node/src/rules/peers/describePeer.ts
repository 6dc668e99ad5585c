import { IPV4 } from './peerRefs';
import type { ResolvedPeer } from './resolvePeer';

function portText(r: ResolvedPeer): string {
  const p = r.port;
  if (!p) return '';
  if (p.targetPort === undefined) {
    const ports = (r.service?.spec?.ports ?? []).map(x => x.port).join(', ');
    return `, which has no port ${p.number}${ports ? ` (ports ${ports})` : ''}`;
  }
  if (p.podPort !== undefined)
    return p.podPort === p.number
      ? ` (port ${p.number})`
      : ` port ${p.number} → pods' port ${p.podPort}`;
  return ` port ${p.number} → targetPort ${p.targetPort}${
    r.pods.length ? ', which its pods do not declare' : ''
  }`;
}

function mounts(r: ResolvedPeer, lead: string): string {
  if (!r.secrets.length) return '';
  return ` ${lead} Secret${r.secrets.length > 1 ? 's' : ''} ${r.secrets.join(
    ', ',
  )}`;
}

/** One peer as a responder reads it, the caller's namespace left implicit. */
export function describePeer(
  r: ResolvedPeer,
  callerNamespace: string | undefined,
): string {
  const named = (o: { metadata?: { name?: string; namespace?: string } }) =>
    o.metadata?.namespace && o.metadata.namespace !== callerNamespace
      ? `${o.metadata.namespace}/${o.metadata?.name}`
      : `${o.metadata?.name}`;
  if (r.missing)
    return `no Service named ${r.missing.name} in ${r.missing.namespace}${
      r.missing.similar.length
        ? `; similar: ${r.missing.similar.join(', ')}`
        : ''
    }`;
  if (r.pod) return `calls pod ${named(r.pod)} (${r.peer.host})`;
  if (r.external) {
    const names = r.external.map(x => `${x.name} → ${x.externalName}`);
    return `${
      r.peer.host
    } is the address of no Service or pod seen; ExternalName Services in ${callerNamespace}: ${names.join(
      ', ',
    )}`;
  }
  if (r.workload)
    return `calls ${r.workload.name} in ${
      r.workload.namespace
    } (no Service listed there), ${r.workload.kind} ${r.workload.name}${mounts(
      r,
      'whose pods mount',
    )}`;
  const svc = r.service!;
  const ip = IPV4.test(r.peer.host) ? ` (${r.peer.host})` : '';
  const external =
    svc.spec?.type === 'ExternalName'
      ? `, an ExternalName for ${svc.spec.externalName ?? '?'}`
      : '';
  const address = r.endpoint
    ? ` (endpoint ${r.peer.host}${r.peer.port ? `:${r.peer.port}` : ''}${
        Object.keys(svc.spec?.selector ?? {}).length
          ? ''
          : ', set by hand: the Service has no selector'
      })`
    : `${ip}${external ? '' : portText(r)}`;
  return `calls Service ${named(svc)}${external}${address}${mounts(
    r,
    'whose pods mount',
  )}`;
}

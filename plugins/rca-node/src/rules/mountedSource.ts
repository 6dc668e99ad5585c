import type { V1Pod } from '@kubernetes/client-node';

/** Absolute paths a message names (`/etc/auth/config.yaml`). */
const PATHS = /\/[\w.@-]+(?:\/[\w.@-]+)*/g;

/**
 * The ConfigMap, Secret or PersistentVolumeClaim behind a file a message names: the container's volumeMount whose
 * mountPath holds the path, and that volume's source. A config file that fails to parse is fixed
 * in that object, so the responder needs its name. Empty when the path is on no such volume.
 */
export function mountedSource(
  pod: V1Pod,
  container: string,
  message: string,
): string {
  const spec = pod.spec;
  const mounts = [
    ...(spec?.containers ?? []),
    ...(spec?.initContainers ?? []),
  ].find(c => c.name === container)?.volumeMounts;
  for (const path of message.match(PATHS) ?? []) {
    const mount = (mounts ?? [])
      .filter(
        m =>
          path === m.mountPath ||
          path.startsWith(`${m.mountPath.replace(/\/$/, '')}/`),
      )
      .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
    const volume = spec?.volumes?.find(v => v.name === mount?.name);
    const source =
      (volume?.configMap?.name && `ConfigMap ${volume.configMap.name}`) ||
      // A full or read-only volume is fixed on its claim (a StatefulSet's is per pod).
      (volume?.persistentVolumeClaim?.claimName &&
        `PersistentVolumeClaim ${volume.persistentVolumeClaim.claimName}`) ||
      (volume?.secret?.secretName && `Secret ${volume.secret.secretName}`) ||
      (volume?.projected?.sources ?? [])
        .map(
          s =>
            (s.configMap?.name && `ConfigMap ${s.configMap.name}`) ||
            (s.secret?.name && `Secret ${s.secret.name}`),
        )
        .filter(Boolean)
        .join(', ');
    if (mount && source)
      return ` (${mount.mountPath} is mounted from ${source})`;
  }
  return '';
}

/**
 * For a full volume whose path the message does not tie to a mount: the pod's claim when it has
 * exactly one (a StatefulSet's per-pod data claim), since that is the volume to expand.
 */
export function onlyClaim(pod: V1Pod): string {
  const claims = (pod.spec?.volumes ?? [])
    .map(v => v.persistentVolumeClaim?.claimName)
    .filter((c): c is string => !!c);
  return claims.length === 1
    ? ` (the pod's only volume claim is PersistentVolumeClaim ${claims[0]})`
    : '';
}

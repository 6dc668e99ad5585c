import type { V1ConfigMap, V1Pod } from '@kubernetes/client-node';
import type { ClusterReader } from './ClusterReader';
import type {
  ConfigMapContents,
  KubernetesFacts,
  TargetObjects,
} from './kubeFacts';
import { configMapRefs } from './podReferences';

/** ConfigMaps read by name per target and namespace: a pod refers to a handful, not hundreds. */
const MAX_READ = 10;
/**
 * The only values kept: a number, a size, a duration or a boolean (`DB_POOL_MAX=2`,
 * `TIMEOUT=30s`). Anything else, a URL, a name, a file, a misplaced password, is dropped.
 */
const SETTING_VALUE =
  /^(?:-?\d+(?:\.\d+)?(?:ms|s|m|h|d|[KMGT]i?|[kMGT]B|%)?|true|false|yes|no|on|off)$/i;

const SECRET_KEY =
  /pass|pwd|secret|token|credential|private|key|auth|dsn|jwt|salt|hmac|pin\b/i;

/**
 * What the ConfigMaps a target's pods refer to hold: their keys (the file names of a mounted
 * ConfigMap, the variables of an `envFrom`) and the values that are plain settings (numbers,
 * sizes, durations, booleans). Each is asked for by name (a `metadata.name` field selector, so `list` stays the only
 * verb needed); everything else in it (files, long values) is dropped before anything keeps it.
 */
export async function readConfigMapContents(
  reader: ClusterReader,
  objects: TargetObjects,
): Promise<void> {
  const read = await Promise.all(
    objects.namespaces.flatMap(ns => {
      const pods = objects.pods.filter(p => p.metadata?.namespace === ns);
      const names = [...new Set(pods.flatMap(configMapRefs))];
      return names.slice(0, MAX_READ).map(name =>
        reader.listShared(`configmaps named ${name}`, ns, p =>
          reader.api.core.listNamespacedConfigMap({
            namespace: ns,
            fieldSelector: `metadata.name=${name}`,
            ...p,
          }),
        ),
      );
    }),
  );
  for (const cm of read.flatMap(r => r ?? []))
    objects.configMapContents.push(contentsOf(cm));
}

function contentsOf(cm: V1ConfigMap): ConfigMapContents {
  const data = cm.data ?? {};
  const settings: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    // A credential misplaced in a ConfigMap is still a credential, even a numeric PIN.
    if (SETTING_VALUE.test(value.trim()) && !SECRET_KEY.test(key))
      settings[key] = value.trim();
  }
  return {
    namespace: cm.metadata?.namespace ?? '',
    name: cm.metadata?.name ?? '',
    keys: [...Object.keys(data), ...Object.keys(cm.binaryData ?? {})].sort(),
    settings,
  };
}

/** Where each pod mounts a ConfigMap: `mountPath` per container volume mount. */
export function mountPathsOf(pod: V1Pod, configMap: string): string[] {
  const volumes = new Set(
    (pod.spec?.volumes ?? [])
      .filter(
        v =>
          v.configMap?.name === configMap ||
          v.projected?.sources?.some(s => s.configMap?.name === configMap),
      )
      .map(v => v.name),
  );
  return (pod.spec?.containers ?? []).flatMap(c =>
    (c.volumeMounts ?? [])
      .filter(m => volumes.has(m.name))
      .map(m => m.mountPath),
  );
}

/** Keys listed per ConfigMap in a report line. */
const MAX_KEYS = 5;

/**
 * What a ConfigMap holds and where the pods see it (`holds rules.yaml; mounted at /etc/pricing`):
 * an in-place edit reaches the pods as those files, so a responder knows which one to diff.
 */
export function configMapUse(
  facts: KubernetesFacts,
  cluster: string,
  namespace: string | undefined,
  name: string,
): string | undefined {
  const targets =
    facts.clusters.find(c => c.cluster === cluster)?.targets ?? [];
  const read = targets
    .flatMap(t => t.configMapContents)
    .find(x => x.name === name && (!namespace || x.namespace === namespace));
  const mounts = new Set(
    targets.flatMap(t =>
      t.pods
        .filter(p => !namespace || p.metadata?.namespace === namespace)
        .flatMap(p => mountPathsOf(p, name)),
    ),
  );
  const parts = [
    read?.keys.length
      ? `holds ${read.keys.slice(0, MAX_KEYS).join(', ')}${
          read.keys.length > MAX_KEYS ? ', …' : ''
        }`
      : undefined,
    mounts.size ? `mounted at ${[...mounts].join(', ')}` : undefined,
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : undefined;
}

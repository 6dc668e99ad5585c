import type { Page } from './ClusterReader';
import type { V1Pod } from '@kubernetes/client-node';

/** Every pod's projected service-account volume carries this ConfigMap: it says nothing about the app. */
const ROOT_CA = 'kube-root-ca.crt';

/** ConfigMaps a pod reads (volumes, projected sources, envFrom, env), without the service-account CA. */
export function configMapRefs(pod: V1Pod): string[] {
  const names: string[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.configMap?.name) names.push(v.configMap.name);
    const sources = v.projected?.sources ?? [];
    const serviceAccountVolume = sources.some(s => s.serviceAccountToken);
    for (const s of sources) {
      const name = s.configMap?.name;
      if (name && !(serviceAccountVolume && name === ROOT_CA)) names.push(name);
    }
  }
  for (const c of containersOf(pod)) {
    for (const f of c.envFrom ?? [])
      if (f.configMapRef?.name) names.push(f.configMapRef.name);
    for (const e of c.env ?? [])
      if (e.valueFrom?.configMapKeyRef?.name)
        names.push(e.valueFrom.configMapKeyRef.name);
  }
  return names;
}

/** Secrets a pod reads or pulls with (volumes, projected sources, envFrom, env, imagePullSecrets). */
export function secretRefs(pod: V1Pod): string[] {
  const names: string[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.secret?.secretName) names.push(v.secret.secretName);
    for (const s of v.projected?.sources ?? [])
      if (s.secret?.name) names.push(s.secret.name);
  }
  for (const c of containersOf(pod)) {
    for (const f of c.envFrom ?? [])
      if (f.secretRef?.name) names.push(f.secretRef.name);
    for (const e of c.env ?? [])
      if (e.valueFrom?.secretKeyRef?.name)
        names.push(e.valueFrom.secretKeyRef.name);
  }
  for (const s of pod.spec?.imagePullSecrets ?? [])
    if (s.name) names.push(s.name);
  return names;
}

function containersOf(pod: V1Pod) {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
}

/**
 * The only annotations kept on a ConfigMap or Secret: who changed it. Any other may hold the whole
 * object, data included (kubectl's `last-applied-configuration`, kapp's `original` …).
 */
const KEPT_ANNOTATIONS = [
  'kubernetes.io/change-cause',
  'argocd.argoproj.io/tracking-id',
] as const;

/** Only the metadata of an object: no data, and only the annotations that name its author. */
export function metadataOnly<
  T extends { metadata?: { annotations?: Record<string, string> } },
>(o: T): T {
  const all = o.metadata?.annotations ?? {};
  const annotations: Record<string, string> = {};
  for (const k of KEPT_ANNOTATIONS)
    if (all[k] !== undefined) annotations[k] = all[k];
  return {
    metadata: { ...o.metadata, annotations },
  } as T;
}

/** A page of ConfigMaps or Secrets reduced to `metadataOnly` before anything keeps it. */
export async function metadataPage<
  T extends { metadata?: { annotations?: Record<string, string> } },
>(page: Promise<Page<T>>): Promise<Page<T>> {
  const p = await page;
  return { ...p, items: p.items.map(metadataOnly) };
}

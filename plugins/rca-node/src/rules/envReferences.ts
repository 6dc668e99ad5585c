import type { V1Container } from '@kubernetes/client-node';

/**
 * The environment variables of a container that read the named Secret or ConfigMap
 * (`env[].valueFrom.secretKeyRef` / `configMapKeyRef`, and `envFrom`), as `VAR (key K)`: the
 * responder recreates exactly those keys. Empty when nothing refers to it.
 */
export function envReferences(
  container: V1Container | undefined,
  objectName: string | undefined,
): string[] {
  if (!container || !objectName) return [];
  const out: string[] = [];
  for (const e of container.env ?? []) {
    const ref =
      e.valueFrom?.secretKeyRef ?? e.valueFrom?.configMapKeyRef ?? undefined;
    if (ref?.name !== objectName) continue;
    out.push(
      ref.key && ref.key !== e.name ? `${e.name} (key ${ref.key})` : e.name,
    );
  }
  for (const f of container.envFrom ?? []) {
    const name = f.secretRef?.name ?? f.configMapRef?.name;
    if (name === objectName)
      out.push(`all keys (envFrom${f.prefix ? `, prefix ${f.prefix}` : ''})`);
  }
  return out;
}

import type { V1Container, V1ReplicaSet } from '@kubernetes/client-node';

function byName(list: V1Container[] | undefined) {
  return new Map((list ?? []).map(c => [c.name, c]));
}

const stable = (v: unknown) => JSON.stringify(v ?? null);

/**
 * What changed in the pod template between two revisions, in words: image, env, config refs,
 * resources, probes, command. Undefined when nothing visible changed.
 */
export function templateChange(
  next: V1ReplicaSet,
  prev: V1ReplicaSet,
): string | undefined {
  const a = byName(prev.spec?.template?.spec?.containers);
  const b = byName(next.spec?.template?.spec?.containers);
  const changes: string[] = [];
  for (const [name, c] of b) {
    const old = a.get(name);
    if (!old) {
      changes.push(`container ${name} added`);
      continue;
    }
    if (old.image !== c.image)
      changes.push(`${name} image ${old.image} → ${c.image}`);
    const oldEnv = new Map((old.env ?? []).map(e => [e.name, stable(e)]));
    const newEnv = new Map((c.env ?? []).map(e => [e.name, stable(e)]));
    const removed = [...oldEnv.keys()].filter(k => !newEnv.has(k));
    const added = [...newEnv.keys()].filter(k => !oldEnv.has(k));
    const changed = [...newEnv.keys()].filter(
      k => oldEnv.has(k) && oldEnv.get(k) !== newEnv.get(k),
    );
    if (removed.length)
      changes.push(`${name} env removed ${removed.join(', ')}`);
    if (added.length) changes.push(`${name} env added ${added.join(', ')}`);
    if (changed.length)
      changes.push(`${name} env changed ${changed.join(', ')}`);
    if (stable(old.envFrom) !== stable(c.envFrom))
      changes.push(`${name} envFrom changed`);
    if (stable(old.resources) !== stable(c.resources))
      changes.push(`${name} resources changed`);
    if (
      stable(old.livenessProbe) !== stable(c.livenessProbe) ||
      stable(old.readinessProbe) !== stable(c.readinessProbe) ||
      stable(old.startupProbe) !== stable(c.startupProbe)
    ) {
      changes.push(`${name} probes changed`);
    }
    if (
      stable(old.command) !== stable(c.command) ||
      stable(old.args) !== stable(c.args)
    )
      changes.push(`${name} command changed`);
  }
  if (
    stable(prev.spec?.template?.spec?.volumes) !==
    stable(next.spec?.template?.spec?.volumes)
  )
    changes.push('volumes changed');
  return changes.length ? changes.join('; ') : undefined;
}

export function isConfigOnlyChange(change: string | undefined): boolean {
  return (
    !!change && !/image /.test(change) && /env|envFrom|volumes/.test(change)
  );
}

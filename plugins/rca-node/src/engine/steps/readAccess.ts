import type { RcaReportAccess } from '@internal/plugin-rca-common';
import type { RcaTarget } from '../../contracts';
import type { RunNamespaceGate } from './gateNamespaces';

/** Who may read the report: every namespace it draws from, and their readers under the policy. */
export async function readAccess(
  gate: RunNamespaceGate,
  targets: RcaTarget[],
  granted: Array<{ cluster: string; namespace: string }> = [],
): Promise<RcaReportAccess> {
  const namespaces = readScope(targets, granted);
  const readers = await gate.readersOf(namespaces);
  return { namespaces, ...(readers ? { readers } : {}) };
}

/** Every (cluster, namespace) pair the analysis could draw evidence from, sorted, without repeats. */
function readScope(
  targets: RcaTarget[],
  granted: Array<{ cluster: string; namespace: string }>,
) {
  const pairs = [
    ...targets.flatMap(t =>
      [...(t.allowedNamespaces ?? [])].flatMap(([cluster, names]) =>
        names.map(namespace => ({ cluster, namespace })),
      ),
    ),
    ...granted,
  ];
  const seen = new Set<string>();
  return (
    pairs
      .filter(p => {
        const key = `${p.cluster}/${p.namespace}`;
        return !seen.has(key) && !!seen.add(key);
      })
      // Plain code-unit order: the same on every replica, whatever its locale.
      .sort((a, b) => {
        const x = `${a.cluster}/${a.namespace}`;
        const y = `${b.cluster}/${b.namespace}`;
        if (x === y) return 0;
        return x < y ? -1 : 1;
      })
  );
}

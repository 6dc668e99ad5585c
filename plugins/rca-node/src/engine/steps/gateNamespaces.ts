import type { RcaTarget } from '../../contracts';
import type { NamespaceGate } from '../NamespaceGate';
import type { RunContext } from '../RunContext';

export type RunNamespaceGate = Pick<NamespaceGate, 'apply' | 'readersOf'> &
  Partial<Pick<NamespaceGate, 'mayRead'>>;

/**
 * Scopes every target to the namespaces the requesting user may read, before anything is
 * collected; targets with nothing visible are left out.
 */
export async function gateNamespaces(
  run: RunContext,
  gate: RunNamespaceGate,
  resolved: RcaTarget[],
): Promise<RcaTarget[]> {
  const targets = await gate.apply(resolved, {
    gap: run.gap,
    progress: m => run.progress('kubernetes', m),
  });
  const deps = targets
    .filter(t => t.role === 'dependency')
    .map(t => t.entityRef);
  run.progress(
    'catalog',
    `Found ${deps.length} dependencies${
      deps.length ? `: ${deps.join(', ')}` : ''
    }`,
  );
  return targets;
}

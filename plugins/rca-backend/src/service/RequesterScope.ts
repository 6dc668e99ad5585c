import { NotAllowedError } from '@backstage/errors';
import type { GateNamespace, NamespaceGate } from '@internal/plugin-rca-node';

/**
 * The namespaces the requester's gate allowed when the analysis was accepted, stored with it. A
 * replica that takes the analysis over (the requester's credentials died with the one that
 * accepted it) reads these and nothing else: never more than the requester could.
 */
export interface RequesterScope {
  /** The (cluster, namespace) pairs the requester may read, as evaluated at request time. */
  allowed: GateNamespace[];
  /** When the scope was evaluated (ISO 8601). */
  resolvedAt: string;
}

const key = (r: GateNamespace) => `${r.cluster}/${r.namespace}`;

/** The scope as stored and audited: `cluster/namespace` per allowed pair. */
export function describeScope(scope: RequesterScope): string[] {
  return scope.allowed.map(key);
}

/**
 * The decisions of a gate limited to `scope`: allowed only for a stored pair, whatever the
 * credentials the run holds may read.
 */
export function authorizeWithin(scope: RequesterScope, analysisId: string) {
  const allowed = new Set(describeScope(scope));
  return async (refs: GateNamespace[]) =>
    refs.map(r =>
      allowed.has(key(r))
        ? { allowed: true }
        : {
            allowed: false,
            error: new NotAllowedError(
              `analysis ${analysisId} was taken over from another replica and reads only what its requester could when it was accepted, which did not include ${key(
                r,
              )}`,
            ),
          },
    );
}

/** Why a taken-over analysis without a stored scope is not run. */
export function missingScopeError(analysisId: string): NotAllowedError {
  return new NotAllowedError(
    `analysis ${analysisId} was taken over from a replica that stopped, but the namespaces its requester may read were not stored with it; it is not run with a wider scope: submit it again`,
  );
}

/** The type a `NamespaceGate` for a stored scope is built from. */
export type GateWithin = (
  scope: RequesterScope,
  analysisId: string,
) => NamespaceGate;

import type { ClusterFaults, KubeObject } from '@internal/k8s-standin';
import type { EvalScenario } from '../../src/__testUtils__/kit';
import type { LogSpec } from '../../src/__testUtils__/signalsKit';

/**
 * The blind evaluation set: scenarios written from public incident write-ups without reading the
 * engine's rules. The type only adds to `EvalScenario`, so the existing runner could read them too.
 */

/** A planted, plausible but unrelated signal. `object` is the name a hypothesis would carry. */
export interface RedHerring {
  object: string;
  what: string;
}

/** A log group with an explicit container (sidecars) and namespace; the line sees its own time. */
export type BlindLog = Omit<LogSpec, 'message'> & {
  container?: string;
  namespace?: string;
  message: (i: number, at: Date) => string;
};

/** Another cluster the entity is found in (a healthy twin), or the main cluster's faults. */
export interface BlindCluster {
  objects: KubeObject[];
  faults?: ClusterFaults;
}

export type BlindScenario = EvalScenario & {
  /** The public write-up, issue thread or doc the scenario was reconstructed from. */
  source: string;
  /** Exact object names a responder needs (ConfigMap, NetworkPolicy, PVC, image, Secret ...). */
  needles: string[];
  /** At least two per scenario. */
  redHerrings: RedHerring[];
  /** Faults of the main cluster `prod` (e.g. forbidden namespaces). */
  faults?: ClusterFaults;
  /** Further clusters, e.g. `staging` where the same app is healthy. */
  clusters?: Record<string, BlindCluster>;
  /** Logs beyond `signals.logs`, with container names (sidecars, init containers). */
  logs?: BlindLog[];
};

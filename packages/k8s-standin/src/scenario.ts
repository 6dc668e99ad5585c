import { readFileSync } from 'node:fs';
import { InputError } from '@backstage/errors';
import { parse } from 'yaml';

/** A Kubernetes object as JSON; the stand-in only looks at metadata and the selector fields. */
export type KubeObject = {
  apiVersion?: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
};

/** Failure modes a cluster can be told to show. */
export interface ClusterFaults {
  /** Namespaces whose every request answers 403 Forbidden. */
  forbiddenNamespaces?: string[];
  /** Resource plurals (e.g. `networkpolicies`) that answer 404 as if the API were not installed. */
  missingResources?: string[];
  /** Delay before every answer, to exercise client timeouts. */
  delayMs?: number;
  /** Drop every connection, as an unreachable API server would. */
  down?: boolean;
}

export interface ClusterScenario {
  /** Bearer token the cluster expects; requests without it get 401. */
  token?: string;
  faults?: ClusterFaults;
  objects: KubeObject[];
}

export interface Scenario {
  name?: string;
  description?: string;
  clusters: Record<string, ClusterScenario>;
}

const RELATIVE_TIME = /^now((?:[+-]\d+[smhd])*)$/;
const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** `now-10m` → ISO timestamp ten minutes before `now`. Other strings are returned unchanged. */
export function resolveRelativeTime(value: string, now: Date): string {
  const match = RELATIVE_TIME.exec(value);
  if (!match) return value;
  let t = now.getTime();
  for (const [, sign, n, unit] of match[1].matchAll(/([+-])(\d+)([smhd])/g)) {
    t += (sign === '-' ? -1 : 1) * Number(n) * UNIT_MS[unit];
  }
  // Kubernetes serialises timestamps to the second.
  return new Date(Math.floor(t / 1000) * 1000)
    .toISOString()
    .replace('.000Z', 'Z');
}

/** Replaces every `now±…` string in the tree with an absolute timestamp. */
export function materializeTimes<T>(value: T, now: Date): T {
  if (typeof value === 'string') return resolveRelativeTime(value, now) as T;
  if (Array.isArray(value))
    return value.map(v => materializeTimes(v, now)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = materializeTimes(v, now);
    return out as T;
  }
  return value;
}

/** Validates the shape loudly: a scenario typo should fail the test that loads it. */
export function validateScenario(raw: unknown, origin = 'scenario'): Scenario {
  if (!raw || typeof raw !== 'object')
    throw new InputError(`${origin}: not a YAML mapping`);
  const clusters = (raw as Scenario).clusters;
  if (!clusters || typeof clusters !== 'object') {
    throw new InputError(`${origin}: missing "clusters" mapping`);
  }
  for (const [name, cluster] of Object.entries(clusters)) {
    if (!Array.isArray(cluster?.objects)) {
      throw new InputError(
        `${origin}: clusters.${name}.objects must be a list`,
      );
    }
    cluster.objects.forEach((o, i) => {
      if (!o?.kind || !o?.metadata?.name) {
        throw new InputError(
          `${origin}: clusters.${name}.objects[${i}] needs kind and metadata.name`,
        );
      }
    });
  }
  return raw as Scenario;
}

export function loadScenarioFile(path: string, now = new Date()): Scenario {
  const raw = parse(readFileSync(path, 'utf8'));
  return materializeTimes(validateScenario(raw, path), now);
}

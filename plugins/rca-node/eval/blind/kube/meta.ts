import { NS } from '../../../src/__testUtils__/kit';

/** Names, labels, owner references and addresses shared by the builders. */

export type Obj = Record<string, unknown>;

export const appLabels = (app: string, extra: Record<string, string> = {}) => ({
  'backstage.io/kubernetes-id': app,
  'app.kubernetes.io/name': app,
  ...extra,
});

export const meta = (
  name: string,
  ns: string | undefined,
  labels?: Record<string, string>,
  extra: Obj = {},
) => ({
  name,
  ...(ns ? { namespace: ns } : {}),
  uid: `uid-${ns ?? 'cluster'}-${name}`,
  ...(labels ? { labels } : {}),
  ...extra,
});

export const ownerRef = (kind: string, name: string, ns = NS) => ({
  apiVersion: kind === 'Job' || kind === 'CronJob' ? 'batch/v1' : 'apps/v1',
  kind,
  name,
  uid: `uid-${ns}-${name}`,
  controller: true,
  blockOwnerDeletion: true,
});

export const NODES = [
  'ip-10-42-1-17.eu-west-1.compute.internal',
  'ip-10-42-2-88.eu-west-1.compute.internal',
  'ip-10-42-3-140.eu-west-1.compute.internal',
];

/** Deterministic lowercase hex of `n` characters from a seed. */
export function hex(seed: string, n: number): string {
  let h = 2166136261;
  let out = '';
  for (let i = 0; out.length < n; i++) {
    h ^= seed.charCodeAt(i % Math.max(1, seed.length)) + i;
    h = Math.imul(h, 16777619) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, n);
}

export const ip = (seed: string, k: number) =>
  (parseInt(hex(`${seed}${k}`, 2), 16) % 250) + 2;
export const podIp = (pod: string) => `10.244.${ip(pod, 1) % 16}.${ip(pod, 2)}`;

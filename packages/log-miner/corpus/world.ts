import { Rng } from './rng';

/** The cluster every format's lines come from, so names and addresses agree across formats. */
export interface World {
  readonly nodes: readonly Node[];
  readonly deployments: readonly Deployment[];
  readonly pods: readonly Pod[];
  /** Public client addresses; the first ones are the busiest. */
  readonly clients: readonly string[];
}

export interface Node {
  /** e.g. `ip-10-0-12-34.eu-west-1.compute.internal` */
  readonly name: string;
  /** The short host name journald writes, e.g. `ip-10-0-12-34`. */
  readonly host: string;
  readonly ip: string;
}

export interface Deployment {
  readonly name: string;
  readonly namespace: string;
  readonly port: number;
  readonly clusterIp: string;
  readonly replicaSets: readonly string[];
  readonly pods: readonly Pod[];
}

export interface Pod {
  readonly name: string;
  readonly namespace: string;
  readonly deployment: string;
  readonly container: string;
  readonly uid: string;
  readonly ip: string;
  readonly node: Node;
}

/** `[name, namespace, port, replicas]`; replicas 0 marks a StatefulSet of one (`name-0`). */
const WORKLOADS: readonly (readonly [string, string, number, number])[] = [
  ['frontend', 'shop', 80, 4],
  ['checkout', 'shop', 8080, 3],
  ['cart', 'shop', 8080, 3],
  ['catalog', 'shop', 8080, 4],
  ['orders', 'shop', 8080, 3],
  ['inventory', 'shop', 8080, 2],
  ['shipping', 'shop', 8080, 2],
  ['user-profile', 'shop', 8080, 2],
  ['search', 'shop', 8080, 3],
  ['recommendation', 'shop', 8080, 2],
  ['notification', 'shop', 3000, 2],
  ['payments', 'payments', 8443, 3],
  ['auth', 'platform', 8080, 2],
  ['collector', 'data', 8080, 2],
  ['postgres', 'data', 5432, 0],
  ['redis-master', 'data', 6379, 0],
  ['kafka', 'data', 9092, 0],
  ['mysql', 'data', 3306, 0],
];

/** Kubernetes' name-suffix alphabet (no vowels, no 0/1/3). */
export const K8S_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function uuid(r: Rng): string {
  const h = r.hex(32);
  const variant = '89ab'[r.int(0, 3)];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(
    13,
    16,
  )}-${variant}${h.slice(17, 20)}-${h.slice(20)}`;
}

function publicIp(r: Rng): string {
  const first = r.pick([
    31, 37, 46, 62, 77, 81, 84, 88, 90, 93, 109, 141, 176, 185, 188, 193, 203,
    212, 213, 217,
  ]);
  return `${first}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
}

function buildNodes(r: Rng): Node[] {
  return Array.from({ length: 6 }, () => {
    const ip = `10.0.${r.int(1, 63)}.${r.int(2, 254)}`;
    const host = `ip-${ip.replace(/\./g, '-')}`;
    return { name: `${host}.eu-west-1.compute.internal`, host, ip };
  });
}

function buildDeployment(
  r: Rng,
  nodes: readonly Node[],
  [name, namespace, port, replicas]: readonly [string, string, number, number],
): Deployment {
  const replicaSets = replicas
    ? [r.chars(r.int(8, 10), K8S_ALPHABET), r.chars(r.int(8, 10), K8S_ALPHABET)]
    : [];
  const podNames = replicas
    ? replicaSets.flatMap(rs =>
        Array.from(
          { length: replicas },
          () => `${name}-${rs}-${r.chars(5, K8S_ALPHABET)}`,
        ),
      )
    : [`${name}-0`];
  const container = name.replace(/-master$/, '');
  const pods = podNames.map(podName => ({
    name: podName,
    namespace,
    deployment: name,
    container,
    uid: uuid(r),
    ip: `10.244.${r.int(0, 5)}.${r.int(2, 254)}`,
    node: r.pick(nodes),
  }));
  const clusterIp = `10.96.${r.int(0, 255)}.${r.int(1, 254)}`;
  return { name, namespace, port, clusterIp, replicaSets, pods };
}

export function buildWorld(seed: number): World {
  const r = new Rng(seed);
  const nodes = buildNodes(r);
  const deployments = WORKLOADS.map(w => buildDeployment(r, nodes, w));
  const pods = deployments.flatMap(d => d.pods);
  const clients = Array.from({ length: 400 }, () => publicIp(r));
  return { nodes, deployments, pods, clients };
}

/** Namespace and port of a workload, known before the world is drawn (for constant template text). */
export function workload(name: string): { namespace: string; port: number } {
  const w = WORKLOADS.find(x => x[0] === name);
  if (!w) throw new Error(`no workload ${name}`);
  return { namespace: w[1], port: w[2] };
}

export function deployment(w: World, name: string): Deployment {
  const d = w.deployments.find(x => x.name === name);
  if (!d) throw new Error(`no deployment ${name}`);
  return d;
}

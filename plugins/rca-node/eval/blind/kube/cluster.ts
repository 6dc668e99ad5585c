import type { KubeObject } from '@internal/k8s-standin';
import { NS } from '../../../src/__testUtils__/kit';
import { hex, ip, meta, NODES, type Obj, podIp } from './meta';

/** Services, Endpoints, any other object, Nodes and Events. */

export function service(
  name: string,
  selector: Record<string, string>,
  ports: Obj[] = [
    { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
  ],
  ns = NS,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(name, ns, { 'backstage.io/kubernetes-id': name }),
    spec: {
      type: 'ClusterIP',
      clusterIP: `10.96.${ip(name, 1)}.${ip(name, 2)}`,
      selector,
      ports,
    },
  };
}

/** Endpoints of a Service: ready and not-ready pod addresses (none: no subsets). */
export function endpoints(
  name: string,
  ready: string[],
  notReady: string[] = [],
  port = 8080,
  ns = NS,
): KubeObject {
  const address = (p: string) => ({
    ip: podIp(p),
    targetRef: { kind: 'Pod', name: p, namespace: ns },
  });
  const any = ready.length + notReady.length > 0;
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: meta(name, ns, { 'backstage.io/kubernetes-id': name }),
    ...(any
      ? {
          subsets: [
            {
              ...(ready.length ? { addresses: ready.map(address) } : {}),
              ...(notReady.length
                ? { notReadyAddresses: notReady.map(address) }
                : {}),
              ports: [{ name: 'http', port, protocol: 'TCP' }],
            },
          ],
        }
      : {}),
  };
}

/** Any namespaced object with a spec (ConfigMap data, NetworkPolicy, PVC, quota, HPA, Ingress ...). */
export function obj(
  apiVersion: string,
  kind: string,
  name: string,
  body: Obj,
  o: {
    ns?: string | null;
    labels?: Record<string, string>;
    created?: string;
    annotations?: Record<string, string>;
  } = {},
): KubeObject {
  const ns = o.ns === null ? undefined : o.ns ?? NS;
  return {
    apiVersion,
    kind,
    metadata: meta(name, ns, o.labels, {
      creationTimestamp: o.created ?? 'now-60d',
      ...(o.annotations ? { annotations: o.annotations } : {}),
    }),
    ...body,
  };
}

export interface NodeOptions {
  conditions?: Obj[];
  taints?: Obj[];
  labels?: Record<string, string>;
  allocatable?: Record<string, string>;
  unschedulable?: boolean;
}

const HEALTHY = [
  {
    type: 'MemoryPressure',
    status: 'False',
    reason: 'KubeletHasSufficientMemory',
    message: 'kubelet has sufficient memory available',
  },
  {
    type: 'DiskPressure',
    status: 'False',
    reason: 'KubeletHasNoDiskPressure',
    message: 'kubelet has no disk pressure',
  },
  {
    type: 'PIDPressure',
    status: 'False',
    reason: 'KubeletHasSufficientPID',
    message: 'kubelet has sufficient PID available',
  },
  {
    type: 'Ready',
    status: 'True',
    reason: 'KubeletReady',
    message: 'kubelet is posting ready status',
  },
];

export function node(name: string, o: NodeOptions = {}): KubeObject {
  const given = o.conditions ?? [];
  const merged = HEALTHY.map(c => ({
    lastHeartbeatTime: 'now-30s',
    lastTransitionTime: 'now-20d',
    ...(given.find(g => g.type === c.type) ?? c),
  }));
  const extra = given.filter(g => !HEALTHY.some(h => h.type === g.type));
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: meta(
      name,
      undefined,
      {
        'kubernetes.io/hostname': name,
        'kubernetes.io/arch': 'amd64',
        'node.kubernetes.io/instance-type': 'm6i.xlarge',
        'topology.kubernetes.io/zone': `eu-west-1${'abc'[ip(name, 3) % 3]}`,
        ...o.labels,
      },
      { creationTimestamp: 'now-20d' },
    ),
    spec: {
      ...(o.taints ? { taints: o.taints } : {}),
      ...(o.unschedulable ? { unschedulable: true } : {}),
    },
    status: {
      allocatable: {
        cpu: '3920m',
        memory: '15214488Ki',
        pods: '58',
        ...o.allocatable,
      },
      conditions: [...merged, ...extra],
    },
  };
}

export const healthyNodes = (names = NODES) => names.map(n => node(n));

let seq = 0;
export interface EventOptions {
  ns?: string;
  type?: string;
  first?: string;
  last?: string;
  count?: number;
  component?: string;
  host?: string;
  fieldPath?: string;
}

/** A core/v1 Event with the source component and the name shape `<object>.<16 hex>`. */
export function ev(
  kind: string,
  name: string,
  reason: string,
  message: string,
  o: EventOptions = {},
): KubeObject {
  seq++;
  const ns = kind === 'Node' ? 'default' : o.ns ?? NS;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: meta(`${name}.${hex(`${name}${seq}`, 16)}`, ns, undefined, {
      creationTimestamp: o.first ?? 'now-20m',
    }),
    involvedObject: {
      kind,
      name,
      namespace: ns,
      ...(o.fieldPath ? { fieldPath: o.fieldPath } : {}),
    },
    reason,
    message,
    type: o.type ?? 'Warning',
    source: {
      component: o.component ?? 'kubelet',
      ...(o.host ? { host: o.host } : {}),
    },
    reportingComponent: o.component ?? 'kubelet',
    firstTimestamp: o.first ?? 'now-20m',
    lastTimestamp: o.last ?? 'now-1m',
    count: o.count ?? 1,
  };
}

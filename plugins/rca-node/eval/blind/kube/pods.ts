import type { KubeObject } from '@internal/k8s-standin';
import { NS } from '../../../src/__testUtils__/kit';
import { appLabels, hex, meta, NODES, type Obj, ownerRef, podIp } from './meta';

/** Pods with container statuses as the kubelet reports them. */

export const running = (since = 'now-3h') => ({
  running: { startedAt: since },
});

export const waiting = (reason: string, message?: string) => ({
  waiting: { reason, ...(message ? { message } : {}) },
});

export const terminated = (
  reason: string,
  exitCode: number,
  o: { message?: string; started?: string; finished?: string } = {},
) => ({
  terminated: {
    reason,
    exitCode,
    ...(o.message ? { message: o.message } : {}),
    startedAt: o.started ?? 'now-3m',
    finishedAt: o.finished ?? 'now-2m',
  },
});

/** A container's spec fields plus the status the kubelet reports for it. */
export type Container = Obj & {
  name: string;
  image: string;
  state?: Obj;
  last?: Obj;
  restarts?: number;
  ready?: boolean;
};

function containerStatus(c: Container) {
  const state = c.state ?? running();
  return {
    name: c.name,
    image: c.image,
    imageID: `${c.image.split(':')[0]}@sha256:${hex(c.image, 64)}`,
    ready: c.ready ?? 'running' in state,
    started: 'running' in state,
    restartCount: c.restarts ?? 0,
    state,
    ...(c.last ? { lastState: c.last } : { lastState: {} }),
  };
}

export function containerSpec(c: Container): Obj {
  const { state: _s, last: _l, restarts: _r, ready: _ready, ...spec } = c;
  return { imagePullPolicy: 'IfNotPresent', ...spec };
}

export interface PodOptions {
  app: string;
  name: string;
  owner: { kind: string; name: string };
  containers: Container[];
  initContainers?: Container[];
  ns?: string;
  node?: string;
  phase?: string;
  reason?: string;
  message?: string;
  conditions?: Obj[];
  volumes?: Obj[];
  labels?: Record<string, string>;
  spec?: Obj;
  created?: string;
}

export function pod(o: PodOptions): KubeObject {
  const ns = o.ns ?? NS;
  const statuses = o.containers.map(containerStatus);
  const phase = o.phase ?? 'Running';
  const ready = phase === 'Running' && statuses.every(s => s.ready);
  const scheduled = phase !== 'Pending' || o.node !== undefined;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(o.name, ns, o.labels ?? appLabels(o.app), {
      creationTimestamp: o.created ?? 'now-3h',
      ownerReferences: [ownerRef(o.owner.kind, o.owner.name, ns)],
    }),
    spec: {
      ...(scheduled ? { nodeName: o.node ?? NODES[0] } : {}),
      serviceAccountName: 'default',
      restartPolicy: o.owner.kind === 'Job' ? 'Never' : 'Always',
      containers: o.containers.map(containerSpec),
      ...(o.initContainers
        ? { initContainers: o.initContainers.map(containerSpec) }
        : {}),
      volumes: o.volumes ?? [],
      ...o.spec,
    },
    status: {
      phase,
      ...(o.reason ? { reason: o.reason } : {}),
      ...(o.message ? { message: o.message } : {}),
      conditions: o.conditions ?? [
        { type: 'Initialized', status: 'True', lastTransitionTime: 'now-3h' },
        {
          type: 'Ready',
          status: ready ? 'True' : 'False',
          lastTransitionTime: ready ? 'now-3h' : 'now-20m',
          ...(ready ? {} : { reason: 'ContainersNotReady' }),
        },
        {
          type: 'ContainersReady',
          status: ready ? 'True' : 'False',
          lastTransitionTime: ready ? 'now-3h' : 'now-20m',
        },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: 'now-3h' },
      ],
      ...(scheduled ? { hostIP: '10.42.1.17', podIP: podIp(o.name) } : {}),
      startTime: o.created ?? 'now-3h',
      ...(o.initContainers
        ? { initContainerStatuses: o.initContainers.map(containerStatus) }
        : {}),
      ...(phase === 'Pending' && !o.node
        ? {}
        : { containerStatuses: statuses }),
    },
  };
}

import type { Entity } from '@backstage/catalog-model';
import {
  type KubeObject,
  materializeTimes,
  type Scenario,
} from '@internal/k8s-standin';
import type { RootCauseLabel } from '@internal/plugin-rca-common';
import { component } from './harness';
import { NS } from './scenarioNamespace';
import type { Signals } from './signalsKit';

/** Builders for evaluation scenarios: small, explicit Kubernetes objects with relative times. */

export { NS };
export const NOISE_OBJECTS = ['fraud-batch', 'notifier', 'legacy-report'];

export interface EvalScenario {
  name: string;
  expected: RootCauseLabel;
  /** The entity analysed is the first one. */
  entities: Entity[];
  objects: KubeObject[];
  /** What VictoriaMetrics and VictoriaLogs hold besides every scenario's chronic logs and noise. */
  signals?: Signals;
}

type Obj = Record<string, unknown>;
const labels = (app: string) => ({ 'backstage.io/kubernetes-id': app, app });

export interface DeploymentOptions {
  revision?: number;
  rolloutAgo?: string;
  replicas?: number;
  conditions?: Obj[];
  env?: Obj[];
  prevEnv?: Obj[];
  image?: string;
  prevImage?: string;
  container?: Obj;
}

/** A Deployment with the ReplicaSet of its revision and, after a rollout, the previous one. */
export function deployment(
  app: string,
  o: DeploymentOptions = {},
): KubeObject[] {
  const rev = o.revision ?? 1;
  const image = o.image ?? `registry.example.com/${app}:1.0.${rev}`;
  const out: KubeObject[] = [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: app,
        namespace: NS,
        labels: labels(app),
        uid: `uid-${app}`,
      },
      spec: {
        replicas: o.replicas ?? 2,
        selector: { matchLabels: { app } },
        template: podTemplate(app, image, o.env, o),
      },
      status: {
        replicas: o.replicas ?? 2,
        conditions: o.conditions ?? [
          { type: 'Available', status: 'True' },
          {
            type: 'Progressing',
            status: 'True',
            reason: 'NewReplicaSetAvailable',
          },
        ],
      },
    },
    replicaSet(app, rev, image, o.env, o.rolloutAgo ?? 'now-30d', o),
  ];
  if (rev > 1)
    out.push(
      replicaSet(
        app,
        rev - 1,
        o.prevImage ?? `registry.example.com/${app}:1.0.${rev - 1}`,
        o.prevEnv ?? o.env,
        'now-40d',
        o,
      ),
    );
  return out;
}

function podTemplate(
  app: string,
  image: string,
  env: Obj[] | undefined,
  o: DeploymentOptions,
) {
  return {
    metadata: { labels: labels(app) },
    spec: {
      containers: [
        {
          name: app,
          image,
          env: env ?? [],
          ports: [{ containerPort: 8080, name: 'http' }],
          ...o.container,
        },
      ],
    },
  };
}

function replicaSet(
  app: string,
  revision: number,
  image: string,
  env: Obj[] | undefined,
  created: string,
  o: DeploymentOptions,
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${app}-rs${revision}`,
      namespace: NS,
      labels: labels(app),
      creationTimestamp: created,
      annotations: { 'deployment.kubernetes.io/revision': String(revision) },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: app,
          uid: `uid-${app}`,
          controller: true,
        },
      ],
    },
    spec: {
      replicas: o.replicas ?? 2,
      template: podTemplate(app, image, env, o),
    },
    status: { replicas: o.replicas ?? 2 },
  };
}

export interface PodOptions {
  name?: string;
  rev?: number;
  node?: string;
  phase?: string;
  ready?: boolean;
  restarts?: number;
  waiting?: { reason: string; message?: string };
  lastTerminated?: {
    reason: string;
    exitCode: number;
    message?: string;
    ranSec?: number;
  };
  conditions?: Obj[];
  status?: Obj;
  container?: Obj;
  volumes?: Obj[];
  labelsOverride?: Record<string, string>;
}

export function pod(app: string, o: PodOptions = {}): KubeObject {
  const name = o.name ?? `${app}-rs${o.rev ?? 1}-a1b2c`;
  const finished = 'now-2m';
  const lt = o.lastTerminated;
  const cs: Obj = {
    name: app,
    image: `registry.example.com/${app}:1.0.${o.rev ?? 1}`,
    ready: o.ready ?? !(o.waiting || o.phase === 'Pending'),
    restartCount: o.restarts ?? (lt ? 7 : 0),
    state: o.waiting
      ? { waiting: o.waiting }
      : { running: { startedAt: 'now-1h' } },
    ...(lt
      ? {
          lastState: {
            terminated: {
              reason: lt.reason,
              exitCode: lt.exitCode,
              message: lt.message,
              startedAt: `now-${2 * 60 + (lt.ranSec ?? 1)}s`,
              finishedAt: finished,
            },
          },
        }
      : {}),
  };
  const ready = o.ready ?? !(o.waiting || o.phase === 'Pending' || lt);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: NS,
      labels: o.labelsOverride ?? labels(app),
      creationTimestamp: 'now-25m',
      uid: `uid-${name}`,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: `${app}-rs${o.rev ?? 1}`,
          uid: `uid-${app}-rs`,
          controller: true,
        },
      ],
    },
    spec: {
      nodeName: o.phase === 'Pending' ? undefined : o.node ?? 'node-1',
      containers: [
        {
          name: app,
          image: cs.image,
          ports: [{ containerPort: 8080, name: 'http' }],
          resources: { limits: { memory: '256Mi' } },
          ...o.container,
        },
      ],
      volumes: o.volumes ?? [],
    },
    status: {
      phase: o.phase ?? 'Running',
      conditions: o.conditions ?? [
        { type: 'PodScheduled', status: 'True' },
        {
          type: 'Ready',
          status: ready ? 'True' : 'False',
          lastTransitionTime: 'now-20m',
        },
      ],
      ...(o.phase === 'Pending' && !o.waiting
        ? {}
        : { containerStatuses: [cs] }),
      ...o.status,
    },
  };
}

/** An HPA of the analysed app (max 10 replicas) with the given replica counts and condition. */
export function hpa(
  current: number,
  desired: number,
  condition: Obj,
): KubeObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: {
      name: 'checkout',
      namespace: NS,
      labels: { 'backstage.io/kubernetes-id': 'checkout' },
    },
    spec: { minReplicas: 2, maxReplicas: 10 },
    status: {
      currentReplicas: current,
      desiredReplicas: desired,
      conditions: [condition],
    },
  };
}

let eventSeq = 0;
export function event(
  kind: string,
  name: string,
  reason: string,
  message: string,
  o: {
    type?: string;
    first?: string;
    last?: string;
    count?: number;
    fieldPath?: string;
  } = {},
): KubeObject {
  eventSeq++;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${name}.${eventSeq}`,
      namespace: NS,
      uid: `ev-${eventSeq}`,
    },
    involvedObject: {
      kind,
      name,
      namespace: NS,
      ...(o.fieldPath ? { fieldPath: o.fieldPath } : {}),
    },
    reason,
    message,
    type: o.type ?? 'Warning',
    firstTimestamp: o.first ?? 'now-20m',
    lastTimestamp: o.last ?? 'now-1m',
    count: o.count ?? 5,
  };
}

export function node(name: string, conditions: Obj[] = []): KubeObject {
  const base = [
    { type: 'MemoryPressure', status: 'False' },
    { type: 'DiskPressure', status: 'False' },
    { type: 'PIDPressure', status: 'False' },
    { type: 'Ready', status: 'True', reason: 'KubeletReady' },
  ];
  const merged = base.map(c => conditions.find(x => x.type === c.type) ?? c);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    status: { conditions: merged },
  };
}

/** Planted noise: an unrelated crash-looping pod, an unrelated rollout, sandbox failures on other pods. */
export function noise(): KubeObject[] {
  return [
    event(
      'Pod',
      'fraud-batch-28471-x2k9q',
      'BackOff',
      'Back-off restarting failed container scorer in pod fraud-batch-28471-x2k9q',
      { count: 40, first: 'now-50m' },
    ),
    event(
      'Pod',
      'fraud-batch-28471-x2k9q',
      'Failed',
      'Error: failed to start container "scorer": OOMKilled',
      { count: 3, first: 'now-45m' },
    ),
    ...deployment('notifier', { revision: 4, rolloutAgo: 'now-15m' }).map(
      o => ({ ...o, metadata: { ...o.metadata, labels: { app: 'notifier' } } }),
    ),
    event(
      'Deployment',
      'notifier',
      'ScalingReplicaSet',
      'Scaled up replica set notifier-rs4 to 2',
      { type: 'Normal', first: 'now-15m', last: 'now-15m', count: 1 },
    ),
    event(
      'Pod',
      'notifier-rs4-zz9',
      'FailedCreatePodSandBox',
      'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox: plugin type="calico" failed (add): connection is unauthorized',
      { count: 2, first: 'now-14m' },
    ),
    event(
      'Pod',
      'legacy-report-7-kk2',
      'Unhealthy',
      'Readiness probe failed: HTTP probe failed with statuscode: 503',
      { count: 30, first: 'now-55m' },
    ),
  ];
}

export function scenarioOf(s: EvalScenario, now = new Date()): Scenario {
  const nodes = ['node-1', 'node-2']
    .filter(
      n => !s.objects.some(o => o.kind === 'Node' && o.metadata.name === n),
    )
    .map(n => node(n));
  return materializeTimes(
    {
      name: s.name,
      clusters: { prod: { objects: [...s.objects, ...noise(), ...nodes] } },
    },
    now,
  );
}

export const entity = (name: string, dependsOn: string[] = []) =>
  component(name, { namespace: NS, dependsOn });

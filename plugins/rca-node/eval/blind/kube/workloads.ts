import type { KubeObject } from '@internal/k8s-standin';
import { NS } from '../../../src/__testUtils__/kit';
import { appLabels, hex, meta, type Obj, ownerRef } from './meta';
import { type Container, containerSpec } from './pods';

/** Workload controllers: Deployment → ReplicaSet, StatefulSet, DaemonSet, CronJob → Job. */

export interface WorkloadOptions {
  hash: string;
  image: string;
  ns?: string;
  replicas?: number;
  ready?: number;
  revision?: number;
  /** When the current ReplicaSet was created (the rollout). */
  created?: string;
  prev?: { hash: string; image: string; created?: string };
  containers?: Container[];
  volumes?: Obj[];
  conditions?: Obj[];
  templateSpec?: Obj;
  labels?: Record<string, string>;
}

function podTemplate(
  app: string,
  o: WorkloadOptions,
  image: string,
  hash: string,
) {
  const labels = o.labels ?? appLabels(app);
  return {
    metadata: { labels: { ...labels, 'pod-template-hash': hash } },
    spec: {
      containers: (o.containers ?? [{ name: app, image }]).map(c =>
        containerSpec(c.name === app ? { ...c, image } : c),
      ),
      volumes: o.volumes ?? [],
      ...o.templateSpec,
    },
  };
}

function replicaSet(
  app: string,
  o: WorkloadOptions,
  rs: {
    hash: string;
    image: string;
    replicas: number;
    created: string;
    revision: number;
  },
): KubeObject {
  const ns = o.ns ?? NS;
  const ready = Math.min(rs.replicas, o.ready ?? o.replicas ?? 3);
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: meta(
      `${app}-${rs.hash}`,
      ns,
      { ...(o.labels ?? appLabels(app)), 'pod-template-hash': rs.hash },
      {
        creationTimestamp: rs.created,
        annotations: {
          'deployment.kubernetes.io/revision': String(rs.revision),
        },
        ownerReferences: [ownerRef('Deployment', app, ns)],
      },
    ),
    spec: {
      replicas: rs.replicas,
      template: podTemplate(app, o, rs.image, rs.hash),
    },
    status: {
      replicas: rs.replicas,
      readyReplicas: ready,
      availableReplicas: ready,
    },
  };
}

function deploymentConditions(app: string, o: WorkloadOptions, ready: number) {
  return (
    o.conditions ?? [
      {
        type: 'Available',
        status: ready > 0 ? 'True' : 'False',
        reason:
          ready > 0 ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
        lastTransitionTime: 'now-30d',
      },
      {
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetAvailable',
        message: `ReplicaSet "${app}-${o.hash}" has successfully progressed.`,
        lastTransitionTime: o.created ?? 'now-14d',
      },
    ]
  );
}

/** A Deployment with its current ReplicaSet and, after a rollout, the previous one scaled to 0. */
export function deployment(app: string, o: WorkloadOptions): KubeObject[] {
  const ns = o.ns ?? NS;
  const replicas = o.replicas ?? 3;
  const ready = o.ready ?? replicas;
  const revision = o.revision ?? (o.prev ? 2 : 1);
  const out: KubeObject[] = [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(app, ns, o.labels ?? appLabels(app), {
        creationTimestamp: 'now-120d',
        annotations: { 'deployment.kubernetes.io/revision': String(revision) },
        generation: revision,
      }),
      spec: {
        replicas,
        progressDeadlineSeconds: 600,
        selector: { matchLabels: { 'app.kubernetes.io/name': app } },
        template: podTemplate(app, o, o.image, o.hash),
      },
      status: {
        observedGeneration: revision,
        replicas,
        updatedReplicas: replicas,
        readyReplicas: ready,
        availableReplicas: ready,
        ...(ready < replicas ? { unavailableReplicas: replicas - ready } : {}),
        conditions: deploymentConditions(app, o, ready),
      },
    },
    replicaSet(app, o, {
      hash: o.hash,
      image: o.image,
      replicas,
      created: o.created ?? 'now-14d',
      revision,
    }),
  ];
  if (o.prev)
    out.push(
      replicaSet(app, o, {
        ...o.prev,
        replicas: 0,
        created: o.prev.created ?? 'now-30d',
        revision: revision - 1,
      }),
    );
  return out;
}

export interface StatefulSetOptions {
  image: string;
  ns?: string;
  replicas?: number;
  ready?: number;
  serviceName?: string;
  containers?: Container[];
  claims?: Obj[];
  revision?: string;
}

export function statefulSet(app: string, o: StatefulSetOptions): KubeObject {
  const replicas = o.replicas ?? 1;
  const ready = o.ready ?? replicas;
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta(app, o.ns ?? NS, appLabels(app), {
      creationTimestamp: 'now-200d',
      generation: 3,
    }),
    spec: {
      replicas,
      serviceName: o.serviceName ?? `${app}-headless`,
      selector: { matchLabels: { 'app.kubernetes.io/name': app } },
      template: {
        metadata: { labels: appLabels(app) },
        spec: {
          containers: (o.containers ?? [{ name: app, image: o.image }]).map(
            containerSpec,
          ),
        },
      },
      volumeClaimTemplates: o.claims ?? [],
    },
    status: {
      replicas,
      readyReplicas: ready,
      availableReplicas: ready,
      currentReplicas: replicas,
      updatedReplicas: replicas,
      currentRevision: o.revision ?? `${app}-${hex(app, 10)}`,
      updateRevision: o.revision ?? `${app}-${hex(app, 10)}`,
    },
  };
}

export function daemonSet(
  app: string,
  o: {
    image: string;
    desired: number;
    ready?: number;
    ns?: string;
    templateSpec?: Obj;
  },
): KubeObject {
  const ready = o.ready ?? o.desired;
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta(app, o.ns ?? NS, appLabels(app), {
      creationTimestamp: 'now-300d',
      generation: 7,
    }),
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': app } },
      template: {
        metadata: { labels: appLabels(app) },
        spec: {
          containers: [{ name: app, image: o.image }],
          ...o.templateSpec,
        },
      },
    },
    status: {
      desiredNumberScheduled: o.desired,
      currentNumberScheduled: o.desired,
      numberReady: ready,
      numberAvailable: ready,
      updatedNumberScheduled: o.desired,
      numberMisscheduled: 0,
      ...(ready < o.desired ? { numberUnavailable: o.desired - ready } : {}),
    },
  };
}

export function cronJob(
  name: string,
  app: string,
  o: { schedule: string; image: string; last: string; active?: string[] },
): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: meta(name, NS, appLabels(app), { creationTimestamp: 'now-90d' }),
    spec: {
      schedule: o.schedule,
      concurrencyPolicy: 'Forbid',
      jobTemplate: {
        spec: {
          backoffLimit: 3,
          template: {
            metadata: { labels: appLabels(app) },
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: app, image: o.image }],
            },
          },
        },
      },
    },
    status: {
      lastScheduleTime: o.last,
      ...(o.active
        ? {
            active: o.active.map(j => ({
              kind: 'Job',
              name: j,
              namespace: NS,
            })),
          }
        : {}),
    },
  };
}

export function job(
  name: string,
  app: string,
  o: {
    cronJob?: string;
    failed?: number;
    succeeded?: number;
    active?: number;
    conditions?: Obj[];
    started?: string;
    image: string;
  },
): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta(
      name,
      NS,
      { ...appLabels(app), 'job-name': name },
      {
        creationTimestamp: o.started ?? 'now-40m',
        ...(o.cronJob
          ? { ownerReferences: [ownerRef('CronJob', o.cronJob)] }
          : {}),
      },
    ),
    spec: {
      backoffLimit: 3,
      completions: 1,
      parallelism: 1,
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: app, image: o.image }],
        },
      },
    },
    status: {
      startTime: o.started ?? 'now-40m',
      ...(o.failed ? { failed: o.failed } : {}),
      ...(o.succeeded ? { succeeded: o.succeeded } : {}),
      ...(o.active ? { active: o.active } : {}),
      ...(o.conditions ? { conditions: o.conditions } : {}),
    },
  };
}

import { entity } from '../../../src/__testUtils__/kit';
import { chronicJson, neighbourCrash } from '../herrings';
import {
  ev,
  healthyNodes,
  node,
  NODES,
  obj,
  pod,
  statefulSet,
  terminated,
  waiting,
} from '../k8s';
import { failedCreate, failedScheduling } from '../kubelet';
import { json, log } from '../telemetry';
import type { BlindScenario } from '../types';

/** Anti-affinity, ResourceQuotas and LimitRanges. */

const ES = 'docker.elastic.co/elasticsearch/elasticsearch:7.17.9';

const pending = (
  app: string,
  name: string,
  owner: { kind: string; name: string },
  image: string,
  spec = {},
) =>
  pod({
    app,
    name,
    owner,
    phase: 'Pending',
    created: 'now-25m',
    spec,
    containers: [{ name: app, image }],
    conditions: [
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        lastTransitionTime: 'now-25m',
      },
    ],
  });

export const admissionScenarios: BlindScenario[] = [
  // https://github.com/knix-microfunctions/knix/issues/41 — the data-layer StatefulSet requires one pod
  // per node (podAntiAffinity) but only two nodes can host it: the third replica stays Pending.
  {
    name: 'statefulset-anti-affinity-two-nodes',
    expected: 'unschedulable_anti_affinity',
    source: 'https://github.com/knix-microfunctions/knix/issues/41',
    entities: [entity('dl-mfn')],
    objects: [
      node(NODES[0], {
        taints: [
          {
            key: 'node-role.kubernetes.io/control-plane',
            effect: 'NoSchedule',
          },
        ],
        labels: { 'node-role.kubernetes.io/control-plane': '' },
      }),
      node(NODES[1]),
      node(NODES[2]),
      statefulSet('dl-mfn', {
        image: 'knix/datalayer:0.9.0',
        replicas: 3,
        ready: 2,
      }),
      pod({
        app: 'dl-mfn',
        name: 'dl-mfn-0',
        owner: { kind: 'StatefulSet', name: 'dl-mfn' },
        node: NODES[1],
        created: 'now-12m',
        containers: [{ name: 'datalayer', image: 'knix/datalayer:0.9.0' }],
      }),
      pod({
        app: 'dl-mfn',
        name: 'dl-mfn-2',
        owner: { kind: 'StatefulSet', name: 'dl-mfn' },
        node: NODES[2],
        created: 'now-12m',
        containers: [{ name: 'datalayer', image: 'knix/datalayer:0.9.0' }],
      }),
      pending(
        'dl-mfn',
        'dl-mfn-1',
        { kind: 'StatefulSet', name: 'dl-mfn' },
        'knix/datalayer:0.9.0',
        {
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                {
                  labelSelector: {
                    matchLabels: { 'app.kubernetes.io/name': 'dl-mfn' },
                  },
                  topologyKey: 'kubernetes.io/hostname',
                },
              ],
            },
          },
        },
      ),
      failedScheduling(
        'dl-mfn-1',
        "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.",
        18,
        'now-12m',
      ),
    ],
    logs: [
      chronicJson('dl-mfn-0', 'datalayer', 'riak ring handoff pending', {
        partitions: 4,
      }),
      log('dl-mfn-2', 'datalayer', 'warn', 20, -12, 0, (_i, at) =>
        json(at, 'warn', 'cluster has 2 of 3 members, running degraded', {
          quorum: 2,
        }),
      ),
    ],
    needles: ['dl-mfn-1', 'anti-affinity'],
    redHerrings: [
      {
        object: NODES[0],
        what: 'the control-plane taint is expected and keeps workloads off the control plane',
      },
      { object: 'dl-mfn-0', what: 'chronic ring-handoff messages' },
    ],
  },
  // https://github.com/hmcts/cnp-flux-config/pull/13765 — pods of the preview environment's StatefulSets
  // were refused: "failed quota: fpl-quota: must specify requests.cpu,requests.memory".
  {
    name: 'quota-requires-requests',
    expected: 'resource_quota_exceeded',
    source: 'https://github.com/hmcts/cnp-flux-config/pull/13765',
    entities: [entity('fpl-case-service-es-master')],
    objects: [
      ...healthyNodes(),
      statefulSet('fpl-case-service-es-master', {
        image: ES,
        replicas: 1,
        ready: 0,
      }),
      failedCreate(
        'StatefulSet',
        'fpl-case-service-es-master',
        'create Pod fpl-case-service-es-master-0 in StatefulSet fpl-case-service-es-master failed error: pods "fpl-case-service-es-master-0" is forbidden: failed quota: fpl-quota: must specify requests.cpu,requests.memory',
        39,
      ),
      obj(
        'v1',
        'ResourceQuota',
        'fpl-quota',
        {
          spec: {
            hard: {
              'requests.cpu': '8',
              'requests.memory': '16Gi',
              'limits.cpu': '16',
              'limits.memory': '32Gi',
              pods: '60',
            },
          },
          status: {
            hard: {
              'requests.cpu': '8',
              'requests.memory': '16Gi',
              pods: '60',
            },
            used: {
              'requests.cpu': '3250m',
              'requests.memory': '7Gi',
              pods: '22',
            },
          },
        },
        { created: 'now-3d' },
      ),
      ...neighbourCrash(
        'fpl-case-service-pr-3308-logstash',
        'fpl-case-service-pr-3308-logstash-6c9d-7h2kq',
        '[FATAL][logstash.runner] An unexpected error occurred! {:error=>#<ArgumentError: Setting "" hasn\'t been registered>}',
      ),
      pod({
        app: 'fpl-case-service-pr-3308-migrate',
        name: 'fpl-case-service-pr-3308-migrate-x8r2v',
        owner: { kind: 'Job', name: 'fpl-case-service-pr-3308-migrate' },
        phase: 'Failed',
        created: 'now-5h',
        containers: [
          {
            name: 'migrate',
            image: 'hmctspublic.azurecr.io/fpl/case-service:pr-3308',
            ready: false,
            state: terminated('Error', 1, { finished: 'now-5h' }),
          },
        ],
      }),
    ],
    needles: ['fpl-quota', 'requests.cpu'],
    redHerrings: [
      {
        object: 'fpl-case-service-pr-3308-logstash',
        what: 'another preview component crash-looping on its own config',
      },
      {
        object: 'fpl-case-service-pr-3308-migrate',
        what: 'a failed migration Job pod from five hours ago',
      },
    ],
  },
  // https://github.com/dfds/postmortems (PM2024-001) — after a node failure the Grafana Agent could not
  // come back: a newly applied LimitRange forbade its 2Gi memory limit.
  {
    name: 'limitrange-forbids-agent-limit',
    expected: 'resource_quota_exceeded',
    source:
      'https://github.com/dfds/postmortems/blob/main/PM2024-001%20-%20Two%20Kubernetes%20nodes%20went%20into%20NotReady%20state.md',
    entities: [entity('grafana-agent')],
    objects: [
      ...healthyNodes(),
      statefulSet('grafana-agent', {
        image: 'grafana/agent:v0.40.2',
        replicas: 1,
        ready: 0,
        containers: [
          {
            name: 'grafana-agent',
            image: 'grafana/agent:v0.40.2',
            resources: {
              limits: { memory: '2Gi' },
              requests: { memory: '1Gi' },
            },
          },
        ],
      }),
      failedCreate(
        'StatefulSet',
        'grafana-agent',
        'create Pod grafana-agent-0 in StatefulSet grafana-agent failed error: pods "grafana-agent-0" is forbidden: maximum memory usage per Container is 1Gi, but limit is 2Gi',
        31,
      ),
      obj(
        'v1',
        'LimitRange',
        'mem-limit-range',
        {
          spec: {
            limits: [
              {
                type: 'Container',
                max: { memory: '1Gi' },
                default: { memory: '512Mi' },
                defaultRequest: { memory: '256Mi' },
              },
            ],
          },
        },
        { created: 'now-4h' },
      ),
      ev(
        'Node',
        'ip-10-42-8-19.eu-west-1.compute.internal',
        'NodeNotReady',
        'Node ip-10-42-8-19.eu-west-1.compute.internal status is now: NodeNotReady',
        {
          type: 'Normal',
          component: 'node-controller',
          first: 'now-58m',
          last: 'now-58m',
        },
      ),
      pod({
        app: 'hangfire-dev',
        name: 'hangfire-dev-6b7c9d8f5-p4k2m',
        owner: { kind: 'ReplicaSet', name: 'hangfire-dev-6b7c9d8f5' },
        created: 'now-2d',
        containers: [
          {
            name: 'hangfire-dev',
            image: 'registry.example.com/dev/hangfire:latest',
            restarts: 23,
            state: waiting(
              'CrashLoopBackOff',
              'back-off 5m0s restarting failed container=hangfire-dev',
            ),
            last: terminated('OOMKilled', 137),
          },
        ],
      }),
    ],
    needles: ['mem-limit-range', 'grafana-agent-0'],
    redHerrings: [
      {
        object: 'ip-10-42-8-19.eu-west-1.compute.internal',
        what: 'the node failure an hour ago that displaced the agent (replaced since)',
      },
      {
        object: 'hangfire-dev',
        what: 'a dev container OOM crash-looping for two days',
      },
    ],
  },
];

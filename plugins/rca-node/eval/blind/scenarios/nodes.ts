import { entity } from '../../../src/__testUtils__/kit';
import { chronicJson, clearedHpa } from '../herrings';
import { deployment, ev, NODES, node, pod, running, terminated } from '../k8s';
import { log, memory } from '../telemetry';
import type { BlindScenario } from '../types';

/** Nodes: NotReady and system OOM. */

const API = 'registry.example.com/moonlight/api:2019.01.22';

const DASH = 'registry.example.com/tools/dashboards:6.5.2';

const unreachable = [
  {
    key: 'node.kubernetes.io/unreachable',
    effect: 'NoSchedule',
    timeAdded: 'now-14m',
  },
  {
    key: 'node.kubernetes.io/unreachable',
    effect: 'NoExecute',
    timeAdded: 'now-14m',
  },
];

const lost = (name: string) => ({
  type: name,
  status: 'Unknown',
  reason: 'NodeStatusUnknown',
  message: 'Kubelet stopped posting node status.',
  lastHeartbeatTime: 'now-15m',
  lastTransitionTime: 'now-14m',
});

const evicted = (
  app: string,
  name: string,
  owner: string,
  message: string,
  nodeName: string,
  container = app,
) =>
  pod({
    app,
    name,
    owner: { kind: 'ReplicaSet', name: owner },
    node: nodeName,
    phase: 'Failed',
    reason: 'Evicted',
    message,
    created: 'now-6d',
    containers: [
      {
        name: container,
        image: `registry.example.com/${app}:latest`,
        ready: false,
        state: terminated('ContainerStatusUnknown', 137, {
          message:
            'The container could not be located when the pod was terminated',
          finished: 'now-17m',
        }),
      },
    ],
  });

export const nodeScenarios: BlindScenario[] = [
  // https://updates.moonlightwork.com/outage-post-mortem-87370 — the scheduler put several CPU-heavy
  // pods on one node, which panicked under 100% CPU; with every API replica there, the API went down.
  {
    name: 'node-kernel-panic-all-replicas',
    expected: 'node_not_ready',
    source: 'https://updates.moonlightwork.com/outage-post-mortem-87370',
    entities: [entity('moonlight-api')],
    objects: [
      node(NODES[0], {
        conditions: [
          'MemoryPressure',
          'DiskPressure',
          'PIDPressure',
          'Ready',
        ].map(lost),
        taints: unreachable,
      }),
      node(NODES[1]),
      node(NODES[2]),
      ...deployment('moonlight-api', {
        hash: '6c8f7d9b5c',
        image: API,
        created: 'now-6d',
        replicas: 3,
        ready: 0,
      }),
      ...['6c8f7d9b5c-4x9qz', '6c8f7d9b5c-9kfm2', '6c8f7d9b5c-wq7tv'].map(s =>
        pod({
          app: 'moonlight-api',
          name: `moonlight-api-${s}`,
          owner: { kind: 'ReplicaSet', name: 'moonlight-api-6c8f7d9b5c' },
          node: NODES[0],
          created: 'now-6d',
          conditions: [
            { type: 'Ready', status: 'False', lastTransitionTime: 'now-14m' },
            { type: 'PodScheduled', status: 'True' },
          ],
          containers: [{ name: 'moonlight-api', image: API, ready: false }],
        }),
      ),
      ev(
        'Node',
        NODES[0],
        'NodeNotReady',
        `Node ${NODES[0]} status is now: NodeNotReady`,
        {
          type: 'Normal',
          component: 'node-controller',
          first: 'now-14m',
          last: 'now-14m',
        },
      ),
      ev(
        'Pod',
        'moonlight-api-6c8f7d9b5c-4x9qz',
        'NodeNotReady',
        'Node is not ready',
        { component: 'node-controller', first: 'now-14m', last: 'now-14m' },
      ),
      ev(
        'Pod',
        'moonlight-api-6c8f7d9b5c-9kfm2',
        'TaintManagerEviction',
        'Marking for deletion Pod shop/moonlight-api-6c8f7d9b5c-9kfm2',
        {
          type: 'Normal',
          component: 'taint-eviction-controller',
          first: 'now-9m',
          last: 'now-9m',
        },
      ),
      ev(
        'Node',
        NODES[0],
        'Rebooted',
        `Node ${NODES[0]} has been rebooted, boot id: 3f2a9c1e-7b4d-4e8a-9c6f-2d1b5a8e7c3f`,
        { first: 'now-3d', last: 'now-3d', host: NODES[0] },
      ),
      ...clearedHpa('moonlight-api', 3, 9, 3),
    ],
    logs: [
      log(
        'web-frontend-7c9d8b6f5-2xq4w',
        'nginx',
        'error',
        80,
        -14,
        0,
        (i, at) =>
          `${at.toISOString()} [error] 31#31: *${
            9000 + i
          } upstream timed out (110: Connection timed out) while connecting to upstream, client: 10.244.2.1, server: moonlightwork.com, request: "GET /api/v1/me HTTP/1.1", upstream: "http://10.244.0.17:8080/api/v1/me"`,
      ),
      chronicJson(
        'redis-sessions-0',
        'redis',
        'slowlog entry: EVALSHA took 12ms',
        { slowlog_id: 8812 },
      ),
    ],
    signals: {
      series: [
        {
          metric: {
            __name__: 'instance:node_cpu_utilisation:rate5m',
            instance: NODES[0],
            node: NODES[0],
          },
          curve: m => (m < -15 ? 1 : 0),
        },
      ],
    },
    needles: [NODES[0]],
    redHerrings: [
      {
        object: 'redis-sessions-0',
        what: 'chronic slowlog entries; Redis errors first looked like the cause',
      },
      {
        object: 'HorizontalPodAutoscaler shop/moonlight-api',
        what: 'an HPA metrics outage that ended 45 minutes ago',
      },
    ],
  },
  // https://www.tibobeijen.nl/2019/02/01/learning-from-kubernetes-cluster-failure/ — pods without
  // memory limits drove nodes into SystemOOM and NotReady; internal tools were killed and evicted.
  {
    name: 'no-limits-system-oom',
    expected: 'node_memory_pressure',
    source:
      'https://www.tibobeijen.nl/2019/02/01/learning-from-kubernetes-cluster-failure/',
    entities: [entity('dashboards')],
    objects: [
      node(NODES[0], {
        conditions: [
          {
            type: 'MemoryPressure',
            status: 'True',
            reason: 'KubeletHasInsufficientMemory',
            message: 'kubelet has insufficient memory available',
            lastTransitionTime: 'now-19m',
          },
        ],
        taints: [
          {
            key: 'node.kubernetes.io/memory-pressure',
            effect: 'NoSchedule',
            timeAdded: 'now-19m',
          },
        ],
      }),
      node(NODES[1]),
      node(NODES[2]),
      ...deployment('dashboards', {
        hash: '5b9c7d6f8b',
        image: DASH,
        created: 'now-20d',
        replicas: 2,
        ready: 1,
      }),
      pod({
        app: 'dashboards',
        name: 'dashboards-5b9c7d6f8b-k2m9q',
        owner: { kind: 'ReplicaSet', name: 'dashboards-5b9c7d6f8b' },
        node: NODES[0],
        created: 'now-20d',
        containers: [
          {
            name: 'dashboards',
            image: DASH,
            restarts: 6,
            state: running('now-4m'),
            last: terminated('OOMKilled', 137, { finished: 'now-4m' }),
          },
        ],
      }),
      evicted(
        'dashboards',
        'dashboards-5b9c7d6f8b-x7w3n',
        'dashboards-5b9c7d6f8b',
        'The node was low on resource: memory. Container dashboards was using 412Mi, which exceeds its request of 0. ',
        NODES[0],
      ),
      ...deployment('elastalert', {
        hash: '7d6f9c8b5f',
        image: 'docker.io/jertel/elastalert2:2.9.0',
        created: 'now-9d',
        replicas: 1,
        labels: { app: 'elastalert' },
      }),
      pod({
        app: 'elastalert',
        labels: { app: 'elastalert' },
        name: 'elastalert-7d6f9c8b5f-p9d2s',
        owner: { kind: 'ReplicaSet', name: 'elastalert-7d6f9c8b5f' },
        node: NODES[0],
        created: 'now-9d',
        containers: [
          {
            name: 'elastalert',
            image: 'docker.io/jertel/elastalert2:2.9.0',
            resources: {},
          },
        ],
      }),
      ev(
        'Node',
        NODES[0],
        'SystemOOM',
        'System OOM encountered, victim process: grafana-server, pid: 31884',
        { host: NODES[0], first: 'now-19m', count: 7 },
      ),
      ev(
        'Node',
        NODES[0],
        'NodeHasInsufficientMemory',
        `Node ${NODES[0]} status is now: NodeHasInsufficientMemory`,
        { type: 'Normal', host: NODES[0], first: 'now-19m', last: 'now-19m' },
      ),
      ev(
        'Node',
        NODES[0],
        'EvictionThresholdMet',
        'Attempting to reclaim memory',
        { host: NODES[0], first: 'now-18m', count: 4 },
      ),
      ev(
        'HelmRelease',
        'prometheus-operator',
        'UpgradeSucceeded',
        'Helm upgrade succeeded',
        {
          type: 'Normal',
          component: 'helm-controller',
          first: 'now-40m',
          last: 'now-40m',
        },
      ),
    ],
    logs: [
      chronicJson(
        'dashboards-5b9c7d6f8b-k2m9q',
        'dashboards',
        'Failed to look up user based on cookie',
        { error: 'user token not found' },
      ),
    ],
    signals: {
      series: [
        ...memory(
          'elastalert-7d6f9c8b5f-p9d2s',
          'elastalert',
          m => (m < -40 ? 900 : 900 + (m + 40) * 480),
          0,
        ),
        {
          metric: {
            __name__: 'node_memory_MemAvailable_bytes',
            instance: NODES[0],
            node: NODES[0],
          },
          curve: m => Math.max(0.08, 6 - (m + 60) * 0.15) * 1024 ** 3,
        },
      ],
    },
    needles: [NODES[0], 'elastalert'],
    redHerrings: [
      {
        object: 'dashboards-5b9c7d6f8b-k2m9q',
        what: 'OOMKilled restarts that look like a too-low limit, but it has no limit: the kernel picked it',
      },
      {
        object: 'prometheus-operator',
        what: 'a Helm upgrade that succeeded 40 minutes ago',
      },
    ],
  },
];

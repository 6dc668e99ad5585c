import { entity } from '../../../src/__testUtils__/kit';
import { step } from '../../../src/__testUtils__/signalsKit';
import {
  chronicJson,
  chronicLogfmt,
  clearedHpa,
  neighbourCrash,
} from '../herrings';
import {
  daemonSet,
  deployment,
  ev,
  healthyNodes,
  node,
  NODES,
  obj,
  pod,
  terminated,
  waiting,
} from '../k8s';
import { failedScheduling } from '../kubelet';
import { gauge, json, log, traffic } from '../telemetry';
import type { BlindScenario } from '../types';

/** Scheduling: taints, capacity and node selectors. */

const GPU = [
  'gke-llm-gpu-l4-pool-3f9a1c2b-7xkq',
  'gke-llm-gpu-l4-pool-3f9a1c2b-m2vd',
];

const gpuTaint = [
  { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' },
];

const KV = 'aibrix/kvcache:v0.2.1';

const ENGINE = 'vllm/vllm-openai:v0.7.2';

const INFRA = [
  'ip-10-42-9-11.eu-west-1.compute.internal',
  'ip-10-42-9-73.eu-west-1.compute.internal',
];

const FB = 'cr.fluentbit.io/fluent/fluent-bit:3.0.4';

const N8N = 'docker.n8n.io/n8nio/n8n:1.64.0';

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

export const schedulingScenarios: BlindScenario[] = [
  // https://github.com/vllm-project/aibrix/pull/909 — GKE taints GPU nodes nvidia.com/gpu=present and
  // only adds the toleration to pods requesting GPUs; the kvcache pod had none and stayed Pending,
  // while the engine crash-looped waiting for its socket.
  {
    name: 'kvcache-untolerated-gpu-taint',
    expected: 'unschedulable_untolerated_taint',
    source: 'https://github.com/vllm-project/aibrix/pull/909',
    entities: [entity('deepseek-coder-7b-kvcache')],
    objects: [
      ...GPU.map(n =>
        node(n, {
          taints: gpuTaint,
          labels: {
            'cloud.google.com/gke-nodepool': 'gpu-l4-pool',
            'cloud.google.com/gke-accelerator': 'nvidia-l4',
          },
          allocatable: { 'nvidia.com/gpu': '1' },
        }),
      ),
      ...deployment('deepseek-coder-7b-kvcache', {
        hash: '7c984cdff8',
        image: KV,
        created: 'now-65m',
        replicas: 1,
        ready: 0,
      }),
      pending(
        'deepseek-coder-7b-kvcache',
        'deepseek-coder-7b-kvcache-7c984cdff8-xq5pk',
        { kind: 'ReplicaSet', name: 'deepseek-coder-7b-kvcache-7c984cdff8' },
        KV,
      ),
      failedScheduling(
        'deepseek-coder-7b-kvcache-7c984cdff8-xq5pk',
        '0/2 nodes are available: 2 node(s) had untolerated taint {nvidia.com/gpu: present}. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
        42,
        'now-60m',
      ),
      ...deployment('deepseek-coder-7b-instruct', {
        hash: '688778dd76',
        image: ENGINE,
        created: 'now-65m',
        replicas: 1,
        ready: 0,
        labels: { app: 'deepseek-coder-7b-instruct' },
      }),
      pod({
        app: 'deepseek-coder-7b-instruct',
        labels: { app: 'deepseek-coder-7b-instruct' },
        name: 'deepseek-coder-7b-instruct-688778dd76-wzwmg',
        owner: {
          kind: 'ReplicaSet',
          name: 'deepseek-coder-7b-instruct-688778dd76',
        },
        node: GPU[0],
        created: 'now-65m',
        containers: [
          {
            name: 'vllm-openai',
            image: ENGINE,
            restarts: 13,
            state: waiting(
              'CrashLoopBackOff',
              'back-off 5m0s restarting failed container=vllm-openai',
            ),
            last: terminated('Error', 1, {
              message: 'RuntimeError: not found /var/run/vineyard.sock',
            }),
          },
        ],
      }),
      ev(
        'Node',
        GPU[1],
        'NodeReady',
        `Node ${GPU[1]} status is now: NodeReady`,
        { type: 'Normal', first: 'now-3h', last: 'now-3h', host: GPU[1] },
      ),
    ],
    logs: [
      chronicJson(
        'deepseek-coder-7b-instruct-688778dd76-wzwmg',
        'vllm-openai',
        'Received request with excessive max_tokens, clamping',
        { max_tokens: 32768 },
      ),
    ],
    needles: ['nvidia.com/gpu', 'deepseek-coder-7b-kvcache-7c984cdff8-xq5pk'],
    redHerrings: [
      {
        object: 'deepseek-coder-7b-instruct',
        what: 'the engine crash-loops because its kvcache socket is missing: a consequence, not the cause',
      },
      { object: GPU[1], what: 'a node became Ready three hours ago' },
    ],
  },
  // https://github.com/kubermatic/kubermatic/issues/3211 — the FluentBit DaemonSet had no toleration for
  // the new "infra" taint, so no log shipper ran on those nodes (the DaemonSet simply counts fewer).
  {
    name: 'daemonset-skips-tainted-infra-nodes',
    expected: 'unschedulable_untolerated_taint',
    source: 'https://github.com/kubermatic/kubermatic/issues/3211',
    entities: [entity('fluent-bit')],
    objects: [
      ...healthyNodes(),
      ...INFRA.map(n =>
        node(n, {
          taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }],
          labels: { 'node-role.kubernetes.io/infra': '' },
        }),
      ),
      daemonSet('fluent-bit', { image: FB, desired: 3 }),
      ...NODES.map((n, i) =>
        pod({
          app: 'fluent-bit',
          name: `fluent-bit-${['4vxq2', 'k9w7m', 'tz3p8'][i]}`,
          owner: { kind: 'DaemonSet', name: 'fluent-bit' },
          node: n,
          created: 'now-30d',
          containers: [{ name: 'fluent-bit', image: FB }],
        }),
      ),
      ev(
        'Node',
        INFRA[0],
        'RegisteredNode',
        `Node ${INFRA[0]} event: Registered Node ${INFRA[0]} in Controller`,
        {
          type: 'Normal',
          component: 'node-controller',
          first: 'now-34m',
          last: 'now-34m',
        },
      ),
      ...neighbourCrash(
        'log-archiver',
        'log-archiver-7b5d9c8f6-h3q9x',
        'botocore.exceptions.NoCredentialsError: Unable to locate credentials',
      ),
    ],
    logs: [
      chronicLogfmt(
        'fluent-bit-4vxq2',
        'fluent-bit',
        '[output:es:es.0] HTTP status=429 URI=/_bulk, retrying',
        { retry_id: '12' },
      ),
      log(
        'ingress-nginx-controller-5c9d8b7f6-tq8wz',
        'controller',
        'info',
        1,
        -30,
        -29,
        (_i, at) =>
          json(at, 'info', 'scheduled on infra node', { node: INFRA[1] }),
        'ingress-nginx',
      ),
    ],
    signals: {
      series: [
        gauge(
          'kube_daemonset_status_desired_number_scheduled',
          'fluent-bit',
          { daemonset: 'fluent-bit' },
          () => 3,
        ),
        gauge('kube_node_info', INFRA[0], { node: INFRA[0] }, step(-34, 0, 1)),
        gauge('kube_node_info', INFRA[1], { node: INFRA[1] }, step(-33, 0, 1)),
      ],
    },
    needles: ['dedicated', INFRA[0]],
    redHerrings: [
      {
        object: 'log-archiver',
        what: 'a neighbour crash-looping on missing AWS credentials',
      },
      {
        object: 'fluent-bit-4vxq2',
        what: 'chronic Elasticsearch 429 retries on a healthy shipper',
      },
    ],
  },
  // https://github.com/n8n-io/terraform-aws-n8n/issues/51 — the HPA could scale main to 20 replicas but
  // the node group capped at 6 nodes could not hold them: 15 pods Pending with Insufficient cpu.
  {
    name: 'hpa-scaled-beyond-node-group',
    expected: 'unschedulable_insufficient_resources',
    source: 'https://github.com/n8n-io/terraform-aws-n8n/issues/51',
    entities: [entity('n8n-main')],
    objects: [
      ...healthyNodes(),
      ...[
        'ip-10-42-4-12.eu-west-1.compute.internal',
        'ip-10-42-5-77.eu-west-1.compute.internal',
        'ip-10-42-6-31.eu-west-1.compute.internal',
      ].map(n =>
        node(n, {
          labels: { 'node.kubernetes.io/instance-type': 't3.xlarge' },
        }),
      ),
      ...deployment('n8n-main', {
        hash: '7f9d6c5b8d',
        image: N8N,
        created: 'now-3d',
        replicas: 20,
        ready: 5,
        containers: [
          {
            name: 'n8n-main',
            image: N8N,
            resources: { requests: { cpu: '1', memory: '1Gi' } },
          },
        ],
      }),
      ...['4kq2x', '8vn3w', 'c2m7p', 'h5t9r', 'x1z4q'].map((s, i) =>
        pod({
          app: 'n8n-main',
          name: `n8n-main-7f9d6c5b8d-${s}`,
          owner: { kind: 'ReplicaSet', name: 'n8n-main-7f9d6c5b8d' },
          node: NODES[i % 3],
          created: 'now-3d',
          containers: [{ name: 'n8n-main', image: N8N }],
        }),
      ),
      ...['b7w2k', 'f9q4n', 'j3x8v', 'p6m1t'].map(s =>
        pending(
          'n8n-main',
          `n8n-main-7f9d6c5b8d-${s}`,
          { kind: 'ReplicaSet', name: 'n8n-main-7f9d6c5b8d' },
          N8N,
        ),
      ),
      failedScheduling(
        'n8n-main-7f9d6c5b8d-b7w2k',
        '0/6 nodes are available: 6 Insufficient cpu. preemption: 0/6 nodes are available: 6 No preemption victims found for incoming pod.',
        40,
      ),
      ev(
        'Pod',
        'n8n-main-7f9d6c5b8d-b7w2k',
        'NotTriggerScaleUp',
        "pod didn't trigger scale-up: 1 max node group size reached",
        {
          type: 'Normal',
          component: 'cluster-autoscaler',
          first: 'now-24m',
          count: 30,
        },
      ),
      obj(
        'autoscaling/v2',
        'HorizontalPodAutoscaler',
        'n8n-main',
        {
          spec: {
            scaleTargetRef: {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name: 'n8n-main',
            },
            minReplicas: 2,
            maxReplicas: 20,
          },
          status: {
            currentReplicas: 20,
            desiredReplicas: 20,
            conditions: [
              {
                type: 'AbleToScale',
                status: 'True',
                reason: 'ReadyForNewScale',
                message: 'recommended size matches current size',
              },
              {
                type: 'ScalingActive',
                status: 'True',
                reason: 'ValidMetricFound',
                message:
                  'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
              },
              {
                type: 'ScalingLimited',
                status: 'True',
                reason: 'TooManyReplicas',
                message:
                  'the desired replica count is more than the maximum replica count',
                lastTransitionTime: 'now-26m',
              },
            ],
          },
        },
        { labels: { 'backstage.io/kubernetes-id': 'n8n-main' } },
      ),
    ],
    logs: [
      chronicJson(
        'n8n-main-7f9d6c5b8d-4kq2x',
        'n8n-main',
        'Workflow execution failed: NodeApiError: Request failed with status code 401',
        { workflowId: 'wf-381' },
      ),
    ],
    signals: {
      series: traffic('n8n-main-7f9d6c5b8d-4kq2x', 'n8n-main', () => 0.01, 50),
    },
    needles: ['n8n-main-7f9d6c5b8d-b7w2k', 'max node group size reached'],
    redHerrings: [
      {
        object: 'n8n-main-7f9d6c5b8d-4kq2x',
        what: 'chronic 401s from a customer workflow',
      },
      {
        object: 'HorizontalPodAutoscaler shop/n8n-main',
        what: 'the HPA at maxReplicas is a symptom: the replicas it wants cannot be placed',
      },
    ],
  },
  // https://github.com/rhobs/troubleshooting-scenarios/pull/37 — a pod stuck Pending because its
  // nodeSelector requires disk-type=ssd-high-iops, a label no node has.
  {
    name: 'nodeselector-label-no-node-has',
    expected: 'unschedulable_node_selector_mismatch',
    source: 'https://github.com/rhobs/troubleshooting-scenarios/pull/37',
    entities: [entity('ledger-writer')],
    objects: [
      ...NODES.map(n => node(n, { labels: { 'disk-type': 'ssd' } })),
      ...deployment('ledger-writer', {
        hash: '5d7b9c6f8d',
        image: 'registry.example.com/payments/ledger-writer:1.3.0',
        created: 'now-22m',
        replicas: 2,
        ready: 0,
        templateSpec: { nodeSelector: { 'disk-type': 'ssd-high-iops' } },
      }),
      ...['5d7b9c6f8d-jw2q8', '5d7b9c6f8d-t4x7n'].map(s =>
        pending(
          'ledger-writer',
          `ledger-writer-${s}`,
          { kind: 'ReplicaSet', name: 'ledger-writer-5d7b9c6f8d' },
          'registry.example.com/payments/ledger-writer:1.3.0',
          { nodeSelector: { 'disk-type': 'ssd-high-iops' } },
        ),
      ),
      failedScheduling(
        'ledger-writer-5d7b9c6f8d-jw2q8',
        "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
        20,
        'now-22m',
      ),
      ...clearedHpa('ledger-writer', 2, 6, 2),
      ...neighbourCrash(
        'ledger-audit',
        'ledger-audit-6f8c7d5b9-q1w2e',
        'FATAL: could not open file "/audit/2024.wal": Permission denied',
      ),
    ],
    needles: ['disk-type', 'ssd-high-iops'],
    redHerrings: [
      {
        object: 'ledger-audit',
        what: 'a sibling service crash-looping on a file permission',
      },
      {
        object: 'HorizontalPodAutoscaler shop/ledger-writer',
        what: 'an HPA metrics outage that ended 45 minutes ago',
      },
    ],
  },
];

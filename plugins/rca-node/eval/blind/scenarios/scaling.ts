import { entity } from '../../../src/__testUtils__/kit';
import { latency, step, wobble } from '../../../src/__testUtils__/signalsKit';
import { chronicJson, chronicLogfmt, ISTIO, sidecar } from '../herrings';
import { deployment, ev, healthyNodes, NODES, obj, pod } from '../k8s';
import { json, log, ramp, throttling, traceId, traffic } from '../telemetry';
import type { BlindScenario } from '../types';

/** CPU throttling, and HPAs that cannot measure or cannot grow. */

const BUF = 'registry.example.com/buffer/publish-api:2020.3.1';

const SEARCH = 'registry.example.com/search/search-api:8.2.0';

const SLASH = 'registry.example.com/slash/slash-api:1.0.4';

const hpa = (
  name: string,
  min: number,
  max: number,
  current: number,
  conditions: Record<string, unknown>[],
  utilization?: number,
) =>
  obj(
    'autoscaling/v2',
    'HorizontalPodAutoscaler',
    name,
    {
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        minReplicas: min,
        maxReplicas: max,
        metrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: { type: 'Utilization', averageUtilization: 70 },
            },
          },
        ],
      },
      status: {
        currentReplicas: current,
        desiredReplicas: current,
        ...(utilization
          ? {
              currentMetrics: [
                {
                  type: 'Resource',
                  resource: {
                    name: 'cpu',
                    current: { averageUtilization: utilization },
                  },
                },
              ],
            }
          : {}),
        conditions,
      },
    },
    { labels: { 'backstage.io/kubernetes-id': name } },
  );

export const scalingScenarios: BlindScenario[] = [
  // https://erickhun.com/posts/kubernetes-faster-services-no-cpu-limits/ — Buffer found latency-critical
  // services heavily throttled by CFS quota while their CPU use looked moderate.
  {
    name: 'cfs-throttling-moderate-cpu',
    expected: 'cpu_throttling',
    source:
      'https://erickhun.com/posts/kubernetes-faster-services-no-cpu-limits/',
    entities: [entity('publish-api')],
    objects: [
      ...healthyNodes(),
      ...deployment('publish-api', {
        hash: '7d8c5b9f6c',
        image: BUF,
        created: 'now-12d',
        replicas: 4,
        containers: [
          {
            name: 'publish-api',
            image: BUF,
            resources: {
              limits: { cpu: '500m', memory: '512Mi' },
              requests: { cpu: '250m', memory: '256Mi' },
            },
          },
          sidecar(),
        ],
      }),
      ...[
        '7d8c5b9f6c-2qk8w',
        '7d8c5b9f6c-6xn3v',
        '7d8c5b9f6c-h9m2t',
        '7d8c5b9f6c-w4z7p',
      ].map((s, i) =>
        pod({
          app: 'publish-api',
          name: `publish-api-${s}`,
          owner: { kind: 'ReplicaSet', name: 'publish-api-7d8c5b9f6c' },
          node: NODES[i % 3],
          created: 'now-12d',
          containers: [
            {
              name: 'publish-api',
              image: BUF,
              resources: { limits: { cpu: '500m' } },
            },
            sidecar(),
          ],
        }),
      ),
      hpa(
        'publish-api',
        4,
        10,
        4,
        [
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
            reason: 'TooFewReplicas',
            message:
              'the desired replica count is less than the minimum replica count',
          },
        ],
        52,
      ),
    ],
    logs: [
      log(
        'publish-api-7d8c5b9f6c-2qk8w',
        'publish-api',
        'warn',
        80,
        -30,
        0,
        (i, at) =>
          json(at, 'warn', 'slow request', {
            path: '/1/updates/create.json',
            duration_ms: 900 + (i % 7) * 150,
            trace_id: traceId('buf', i),
          }),
      ),
      chronicJson(
        'publish-api-7d8c5b9f6c-6xn3v',
        'publish-api',
        'twitter api rate limited, backing off',
        { service: 'twitter' },
      ),
    ],
    signals: {
      series: [
        ...throttling(
          'publish-api-7d8c5b9f6c-2qk8w',
          'publish-api',
          step(-30, 0.04, 0.62),
        ),
        ...throttling(
          'publish-api-7d8c5b9f6c-6xn3v',
          'publish-api',
          step(-30, 0.05, 0.58),
        ),
        {
          metric: {
            __name__: 'container_cpu_usage_seconds_total',
            namespace: 'shop',
            pod: 'publish-api-7d8c5b9f6c-2qk8w',
            container: 'publish-api',
          },
          counter: true,
          curve: step(-30, 0.16, 0.21),
        },
        ...traffic(
          'publish-api-7d8c5b9f6c-2qk8w',
          'publish-api',
          () => 0.003,
          45,
        ),
        ...latency('publish-api-7d8c5b9f6c-2qk8w', step(-30, 0.12, 1.6), 45),
      ],
    },
    needles: ['publish-api', '500m'],
    redHerrings: [
      {
        object: 'HorizontalPodAutoscaler shop/publish-api',
        what: 'the HPA reports TooFewReplicas at its minimum: a harmless message, it is not limiting',
      },
      {
        object: 'publish-api-7d8c5b9f6c-6xn3v',
        what: 'chronic upstream rate-limit backoffs',
      },
    ],
  },
  // https://github.com/kubernetes/kubernetes/issues/79365 — the HPA stayed at <unknown>/70% with
  // FailedGetResourceMetric "missing request for cpu": a container of the pod had no CPU request.
  {
    name: 'hpa-missing-cpu-request-sidecar',
    expected: 'hpa_metrics_unavailable',
    source: 'https://github.com/kubernetes/kubernetes/issues/79365',
    entities: [entity('search-api')],
    objects: [
      ...healthyNodes(),
      ...deployment('search-api', {
        hash: '5b7c9d8f6d',
        image: SEARCH,
        created: 'now-3d',
        replicas: 2,
        containers: [
          {
            name: 'search-api',
            image: SEARCH,
            resources: {
              requests: { cpu: '500m', memory: '512Mi' },
              limits: { memory: '1Gi' },
            },
          },
        ],
      }),
      ...['5b7c9d8f6d-k4q8w', '5b7c9d8f6d-t2m9x'].map((s, i) =>
        pod({
          app: 'search-api',
          name: `search-api-${s}`,
          owner: { kind: 'ReplicaSet', name: 'search-api-5b7c9d8f6d' },
          node: NODES[i],
          created: 'now-3d',
          containers: [
            {
              name: 'search-api',
              image: SEARCH,
              resources: { requests: { cpu: '500m' } },
            },
            {
              name: 'istio-proxy',
              image: ISTIO,
              resources: { limits: { memory: '256Mi' } },
            },
          ],
        }),
      ),
      hpa('search-api', 2, 12, 2, [
        {
          type: 'AbleToScale',
          status: 'True',
          reason: 'SucceededGetScale',
          message:
            "the HPA controller was able to get the target's current scale",
        },
        {
          type: 'ScalingActive',
          status: 'False',
          reason: 'FailedGetResourceMetric',
          message:
            'the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container istio-proxy of Pod search-api-5b7c9d8f6d-k4q8w',
          lastTransitionTime: 'now-3d',
        },
      ]),
      ev(
        'HorizontalPodAutoscaler',
        'search-api',
        'FailedGetResourceMetric',
        'failed to get cpu utilization: missing request for cpu in container istio-proxy of Pod search-api-5b7c9d8f6d-k4q8w',
        {
          component: 'horizontal-pod-autoscaler',
          first: 'now-3d',
          last: 'now-1m',
          count: 4120,
        },
      ),
      ev(
        'HorizontalPodAutoscaler',
        'search-api',
        'FailedComputeMetricsReplicas',
        'invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: missing request for cpu in container istio-proxy of Pod search-api-5b7c9d8f6d-k4q8w',
        {
          component: 'horizontal-pod-autoscaler',
          first: 'now-3d',
          last: 'now-1m',
          count: 4120,
        },
      ),
    ],
    logs: [
      log(
        'search-api-5b7c9d8f6d-k4q8w',
        'search-api',
        'warn',
        90,
        -25,
        0,
        (i, at) =>
          json(at, 'warn', 'query queue saturated', {
            queued: 40 + (i % 30),
            workers: 16,
            trace_id: traceId('search', i),
          }),
      ),
      chronicJson(
        'search-indexer-0',
        'indexer',
        'segment merge took longer than expected',
        { segments: 12 },
      ),
    ],
    signals: {
      series: [
        ...traffic(
          'search-api-5b7c9d8f6d-k4q8w',
          'search-api',
          step(-25, 0.002, 0.06),
          80,
        ),
        ...latency('search-api-5b7c9d8f6d-k4q8w', step(-25, 0.15, 2.2), 80),
        {
          metric: {
            __name__: 'container_cpu_usage_seconds_total',
            namespace: 'shop',
            pod: 'search-api-5b7c9d8f6d-k4q8w',
            container: 'search-api',
          },
          counter: true,
          curve: step(-25, 0.3, 0.98),
        },
      ],
    },
    needles: ['istio-proxy', 'missing request for cpu'],
    redHerrings: [
      {
        object: 'search-indexer-0',
        what: 'chronic slow segment merges in the indexer',
      },
      { object: 'fraud-batch', what: 'shared namespace noise' },
    ],
  },
  // https://github.com/LikeLionTeam4/slash-infra/issues/83 — under load the HPA scaled 2→4 (its max)
  // and the four pods still sat at 250–373% of the 70% CPU target.
  {
    name: 'hpa-at-max-still-saturated',
    expected: 'hpa_maxed_out_saturation',
    source: 'https://github.com/LikeLionTeam4/slash-infra/issues/83',
    entities: [entity('slash-api')],
    objects: [
      ...healthyNodes(),
      ...deployment('slash-api', {
        hash: '6c8d7b9f5c',
        image: SLASH,
        created: 'now-9d',
        replicas: 4,
        containers: [
          {
            name: 'slash-api',
            image: SLASH,
            resources: { requests: { cpu: '200m' } },
          },
        ],
      }),
      ...[
        '6c8d7b9f5c-4kq9x',
        '6c8d7b9f5c-7wn2m',
        '6c8d7b9f5c-c8z4t',
        '6c8d7b9f5c-r2v6q',
      ].map((s, i) =>
        pod({
          app: 'slash-api',
          name: `slash-api-${s}`,
          owner: { kind: 'ReplicaSet', name: 'slash-api-6c8d7b9f5c' },
          node: NODES[i % 3],
          created: i < 2 ? 'now-9d' : 'now-26m',
          containers: [{ name: 'slash-api', image: SLASH }],
        }),
      ),
      hpa(
        'slash-api',
        2,
        4,
        4,
        [
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
            lastTransitionTime: 'now-25m',
          },
        ],
        312,
      ),
      ev(
        'HorizontalPodAutoscaler',
        'slash-api',
        'SuccessfulRescale',
        'New size: 4; reason: cpu resource utilization (percentage of request) above target',
        {
          type: 'Normal',
          component: 'horizontal-pod-autoscaler',
          first: 'now-26m',
          last: 'now-26m',
        },
      ),
      ev(
        'Pod',
        'slash-api-6c8d7b9f5c-c8z4t',
        'Unhealthy',
        'Readiness probe failed: Get "http://10.244.2.41:8080/actuator/health": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
        {
          first: 'now-20m',
          count: 11,
          fieldPath: 'spec.containers{slash-api}',
        },
      ),
    ],
    logs: [
      log(
        'slash-api-6c8d7b9f5c-4kq9x',
        'slash-api',
        'warn',
        80,
        -25,
        0,
        (i, at) =>
          `${at.toISOString()}  WARN 1 --- [nio-8080-exec-${
            (i % 200) + 1
          }] o.a.coyote.http11.Http11Processor : Request processing took ${
            1800 + (i % 9) * 120
          }ms [trace=${traceId('slash', i)}]`,
      ),
      chronicLogfmt(
        'k6-loadgen-7f8c9d6b5c-x2q4w',
        'k6',
        'thresholds on metrics have been crossed',
        { scenario: 'ramping-vus' },
      ),
    ],
    signals: {
      series: [
        ...traffic(
          'slash-api-6c8d7b9f5c-4kq9x',
          'slash-api',
          wobble(step(-26, 0.001, 0.03), 0.3),
          1500,
        ),
        ...latency(
          'slash-api-6c8d7b9f5c-4kq9x',
          ramp(-30, -20, 0.08, 2.4),
          1500,
        ),
        {
          metric: {
            __name__: 'kube_horizontalpodautoscaler_status_current_replicas',
            namespace: 'shop',
            horizontalpodautoscaler: 'slash-api',
          },
          curve: step(-26, 2, 4),
        },
        {
          metric: {
            __name__: 'kube_horizontalpodautoscaler_spec_max_replicas',
            namespace: 'shop',
            horizontalpodautoscaler: 'slash-api',
          },
          curve: () => 4,
        },
      ],
    },
    needles: ['slash-api', 'maxReplicas'],
    redHerrings: [
      {
        object: 'slash-api-6c8d7b9f5c-c8z4t',
        what: 'readiness timeouts on a busy pod: a symptom of saturation',
      },
      {
        object: 'k6-loadgen',
        what: 'the load generator reporting crossed thresholds is the load, not a fault',
      },
    ],
  },
];

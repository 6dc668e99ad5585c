import { entity } from '../../../src/__testUtils__/kit';
import { chronicJson, chronicKlog, chronicLogfmt } from '../herrings';
import {
  deployment,
  endpoints,
  healthyNodes,
  NODES,
  pod,
  running,
  service,
  terminated,
  waiting,
} from '../k8s';
import { crashLoop, probeFailures } from '../kubelet';
import { json, klog, log, restarts, traceId, traffic } from '../telemetry';
import type { BlindScenario } from '../types';

/** Probes: liveness and startup probes that kill healthy processes, readiness that cannot pass. */

const PRODUCT = 'hashicorpdemoapp/product-api:v0.0.20';

const AD = 'ghcr.io/open-telemetry/demo:1.9.0-ad';

const SCHED = 'registry.k8s.io/kube-scheduler:v1.30.4';

const liveness = {
  httpGet: { path: '/health', port: 9103 },
  initialDelaySeconds: 15,
  timeoutSeconds: 1,
  periodSeconds: 10,
  failureThreshold: 3,
};

const startup = {
  tcpSocket: { port: 9555 },
  periodSeconds: 1,
  failureThreshold: 1,
};

export const probeScenarios: BlindScenario[] = [
  // https://github.com/hashicorp-education/learn-consul-get-started-kubernetes/issues/9 — product-api
  // kept restarting because its health check pointed at a modified port: the process was fine.
  {
    name: 'liveness-probe-on-metrics-port',
    expected: 'liveness_probe_misconfigured',
    source:
      'https://github.com/hashicorp-education/learn-consul-get-started-kubernetes/issues/9',
    entities: [entity('product-api')],
    objects: [
      ...healthyNodes(),
      ...deployment('product-api', {
        hash: '5c4d7b9f8c',
        image: PRODUCT,
        prev: { hash: '7d9b6c5f4d', image: PRODUCT },
        created: 'now-27m',
        replicas: 1,
        containers: [
          {
            name: 'product-api',
            image: PRODUCT,
            ports: [{ containerPort: 9090 }, { containerPort: 9103 }],
            livenessProbe: liveness,
          },
        ],
      }),
      pod({
        app: 'product-api',
        name: 'product-api-5c4d7b9f8c-7mq4z',
        owner: { kind: 'ReplicaSet', name: 'product-api-5c4d7b9f8c' },
        created: 'now-27m',
        containers: [
          {
            name: 'product-api',
            image: PRODUCT,
            ports: [{ containerPort: 9090 }, { containerPort: 9103 }],
            livenessProbe: liveness,
            readinessProbe: { httpGet: { path: '/ready', port: 9090 } },
            restarts: 9,
            state: running('now-1m'),
            last: terminated('Error', 2, {
              started: 'now-2m',
              finished: 'now-1m',
            }),
          },
          { name: 'envoy-sidecar', image: 'hashicorp/consul-dataplane:1.4.0' },
        ],
      }),
      ...probeFailures(
        'product-api-5c4d7b9f8c-7mq4z',
        'product-api',
        'Liveness',
        'HTTP probe failed with statuscode: 404',
        27,
        'now-26m',
      ),
    ],
    logs: [
      log(
        'product-api-5c4d7b9f8c-7mq4z',
        'product-api',
        'info',
        150,
        -26,
        0,
        (i, at) =>
          json(at, 'info', 'Handle Coffee', {
            method: 'GET',
            path: '/coffees',
            status: 200,
            duration: `${3 + (i % 9)}ms`,
          }),
      ),
      log(
        'product-api-5c4d7b9f8c-7mq4z',
        'product-api',
        'info',
        9,
        -26,
        0,
        (_i, at) =>
          json(at, 'info', 'Received signal terminated, shutting down', {
            uptime: '41s',
          }),
      ),
      chronicLogfmt(
        'product-api-5c4d7b9f8c-7mq4z',
        'envoy-sidecar',
        'xds stream closed, reconnecting',
        { component: 'consul-dataplane' },
      ),
      chronicJson(
        'product-api-db-0',
        'postgres',
        'could not receive data from client: Connection reset by peer',
      ),
    ],
    signals: {
      series: [
        ...traffic(
          'product-api-5c4d7b9f8c-7mq4z',
          'product-api',
          () => 0.004,
          15,
        ),
        restarts('product-api-5c4d7b9f8c-7mq4z', 'product-api', -26, 20),
      ],
    },
    needles: ['9103', '/health'],
    redHerrings: [
      {
        object: 'product-api-db-0',
        what: 'chronic connection resets in the database log',
      },
      {
        object: 'envoy-sidecar',
        what: 'chronic xDS reconnects of the service-mesh dataplane',
      },
    ],
  },
  // https://github.com/SREGym/SREGym/issues/859 — a startup probe with failureThreshold 1 and period 1s
  // killed the JVM-based ad service before it could listen: CrashLoopBackOff with nothing wrong inside.
  {
    name: 'startup-probe-kills-jvm',
    expected: 'startup_too_slow_for_probe',
    source: 'https://github.com/SREGym/SREGym/issues/859',
    entities: [entity('ad')],
    objects: [
      ...healthyNodes(),
      ...deployment('ad', {
        hash: '6f9d8c7b5d',
        image: AD,
        created: 'now-23m',
        replicas: 1,
        ready: 0,
        containers: [{ name: 'ad', image: AD, startupProbe: startup }],
      }),
      pod({
        app: 'ad',
        name: 'ad-6f9d8c7b5d-8kq2w',
        owner: { kind: 'ReplicaSet', name: 'ad-6f9d8c7b5d' },
        created: 'now-23m',
        containers: [
          {
            name: 'ad',
            image: AD,
            startupProbe: startup,
            env: [
              {
                name: 'JAVA_TOOL_OPTIONS',
                value: '-javaagent:/usr/src/app/opentelemetry-javaagent.jar',
              },
            ],
            resources: { limits: { memory: '300Mi' } },
            restarts: 8,
            state: waiting(
              'CrashLoopBackOff',
              'back-off 2m40s restarting failed container=ad pod=ad-6f9d8c7b5d-8kq2w_shop',
            ),
            last: terminated('Error', 143, {
              started: 'now-3m',
              finished: 'now-3m',
            }),
          },
        ],
      }),
      ...probeFailures(
        'ad-6f9d8c7b5d-8kq2w',
        'ad',
        'Startup',
        'dial tcp 10.244.1.23:9555: connect: connection refused',
        24,
        'now-23m',
      ),
      ...crashLoop('ad-6f9d8c7b5d-8kq2w', 'ad', AD, 8, 'now-23m'),
    ],
    logs: [
      log(
        'ad-6f9d8c7b5d-8kq2w',
        'ad',
        'info',
        24,
        -23,
        0,
        (i, at) =>
          [
            'Picked up JAVA_TOOL_OPTIONS: -javaagent:/usr/src/app/opentelemetry-javaagent.jar',
            `[otel.javaagent ${at
              .toISOString()
              .replace('T', ' ')
              .slice(
                0,
                23,
              )}] INFO io.opentelemetry.javaagent.tooling.VersionLogger - opentelemetry-javaagent - version: 2.1.0`,
            `${at
              .toISOString()
              .slice(
                11,
                23,
              )} - INFO  oteldemo.AdService - Ad service starting.`,
          ][i % 3],
      ),
      log(
        'frontend-7c8d9b6f5c-2xq9w',
        'frontend',
        'error',
        60,
        -23,
        0,
        (i, at) =>
          json(at, 'error', 'failed to get ads', {
            err: '14 UNAVAILABLE: No connection established',
            trace_id: traceId('fe', i),
          }),
      ),
      chronicJson(
        'otel-collector-6b7d9c8f5-k4q2m',
        'otel-collector',
        'Exporting failed. Will retry the request after interval.',
        {
          kind: 'exporter',
          name: 'otlp/jaeger',
          error: 'rpc error: code = Unavailable',
        },
      ),
      chronicLogfmt(
        'flagd-5c8d9b7f6-w2n4x',
        'flagd',
        'flag evaluation using default variant',
        { flag: 'adServiceFailure' },
      ),
    ],
    needles: ['ad-6f9d8c7b5d-8kq2w', 'failureThreshold'],
    redHerrings: [
      { object: 'otel-collector', what: 'chronic exporter retries to Jaeger' },
      {
        object: 'flagd',
        what: 'the adServiceFailure feature flag exists but is off (default variant)',
      },
    ],
  },
  // https://github.com/aws-samples/custom-scheduler-eks/issues/8 — the scheduler's bind address moved to
  // 127.0.0.1, so the kubelet's readiness probe on the pod IP was refused and no pod became Ready.
  {
    name: 'readiness-refused-bound-to-localhost',
    expected: 'readiness_probe_failing',
    source: 'https://github.com/aws-samples/custom-scheduler-eks/issues/8',
    entities: [entity('custom-scheduler')],
    objects: [
      ...healthyNodes(),
      ...deployment('custom-scheduler', {
        hash: '8d7c6b9f5f',
        image: SCHED,
        created: 'now-20m',
        replicas: 2,
        ready: 0,
        containers: [
          {
            name: 'custom-scheduler',
            image: SCHED,
            command: [
              'kube-scheduler',
              '--config=/etc/kubernetes/scheduler-config.yaml',
              '--bind-address=127.0.0.1',
            ],
          },
        ],
      }),
      ...['8d7c6b9f5f-4wq9m', '8d7c6b9f5f-r2x7k'].map((s, i) =>
        pod({
          app: 'custom-scheduler',
          name: `custom-scheduler-${s}`,
          owner: { kind: 'ReplicaSet', name: 'custom-scheduler-8d7c6b9f5f' },
          node: NODES[i],
          created: 'now-20m',
          containers: [
            {
              name: 'custom-scheduler',
              image: SCHED,
              command: ['kube-scheduler', '--bind-address=127.0.0.1'],
              readinessProbe: {
                httpGet: { path: '/healthz', port: 10259, scheme: 'HTTPS' },
              },
              ready: false,
            },
          ],
        }),
      ),
      ...probeFailures(
        'custom-scheduler-8d7c6b9f5f-4wq9m',
        'custom-scheduler',
        'Readiness',
        'Get "https://10.244.2.15:10259/healthz": dial tcp 10.244.2.15:10259: connect: connection refused',
        120,
        'now-19m',
      ),
      service(
        'custom-scheduler',
        { 'app.kubernetes.io/name': 'custom-scheduler' },
        [{ name: 'https', port: 10259, targetPort: 10259 }],
      ),
      endpoints(
        'custom-scheduler',
        [],
        [
          'custom-scheduler-8d7c6b9f5f-4wq9m',
          'custom-scheduler-8d7c6b9f5f-r2x7k',
        ],
        10259,
      ),
      pod({
        app: 'batch-runner',
        labels: { app: 'batch-runner' },
        name: 'batch-runner-6c5d8f7b9c-m3k8q',
        owner: { kind: 'ReplicaSet', name: 'batch-runner-6c5d8f7b9c' },
        phase: 'Pending',
        created: 'now-15m',
        spec: { schedulerName: 'custom-scheduler' },
        containers: [
          {
            name: 'batch-runner',
            image: 'registry.example.com/batch/runner:2.0.1',
          },
        ],
      }),
    ],
    logs: [
      log(
        'custom-scheduler-8d7c6b9f5f-4wq9m',
        'custom-scheduler',
        'info',
        2,
        -20,
        -19,
        (_i, at) =>
          klog(
            at,
            'I',
            'secure_serving.go:213',
            'Serving securely on 127.0.0.1:10259',
          ),
      ),
      log(
        'custom-scheduler-8d7c6b9f5f-4wq9m',
        'custom-scheduler',
        'info',
        30,
        -19,
        0,
        (_i, at) =>
          klog(
            at,
            'I',
            'leaderelection.go:250',
            'attempting to acquire leader lease shop/custom-scheduler...',
          ),
      ),
      chronicKlog(
        'karpenter-7d9c8b6f5-q2w4e',
        'controller',
        'provisioner.go:176',
        'ignoring pod, label karpenter.sh/provisioner-name is restricted',
      ),
    ],
    needles: ['127.0.0.1', '10259'],
    redHerrings: [
      {
        object: 'batch-runner',
        what: 'pods waiting for the custom scheduler stay Pending: a consequence',
      },
      {
        object: 'karpenter',
        what: 'a chronic Karpenter warning about a restricted label',
      },
    ],
  },
];

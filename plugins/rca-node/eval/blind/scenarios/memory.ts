import { entity } from '../../../src/__testUtils__/kit';
import { chronicLogfmt, neighbourCrash } from '../herrings';
import {
  cronJob,
  deployment,
  ev,
  healthyNodes,
  job,
  pod,
  running,
  terminated,
} from '../k8s';
import { json, log, memory, restarts, sawtooth } from '../telemetry';
import type { BlindScenario } from '../types';

/** Memory: a JVM sized over its limit, a leak that outgrows any limit. */

const VCELL = 'ghcr.io/virtualcell/vcell-api:7.6.0.12';

const TTL = 'ghcr.io/twin/k8s-ttl-controller:latest';

export const memoryScenarios: BlindScenario[] = [
  // https://github.com/virtualcell/vcell/pull/1899 — the api pod was restarted hourly for months for a
  // "leak"; it was none: MaxRAMPercentage=80 of a 2000Mi limit left no room for ~700Mi of non-heap,
  // so the kernel OOM-killed a JVM whose heap was mostly garbage.
  {
    name: 'jvm-heap-plus-native-over-limit',
    expected: 'oom_killed_limit_too_low',
    source: 'https://github.com/virtualcell/vcell/pull/1899',
    entities: [entity('vcell-api')],
    objects: [
      ...healthyNodes(),
      ...deployment('vcell-api', {
        hash: '5f9b8c7d6f',
        image: VCELL,
        created: 'now-183d',
        replicas: 1,
        containers: [
          {
            name: 'vcell-api',
            image: VCELL,
            env: [
              { name: 'JAVA_TOOL_OPTIONS', value: '-XX:MaxRAMPercentage=80' },
            ],
            resources: {
              limits: { memory: '2000Mi' },
              requests: { memory: '2000Mi' },
            },
          },
        ],
      }),
      pod({
        app: 'vcell-api',
        name: 'vcell-api-5f9b8c7d6f-h2x8q',
        owner: { kind: 'ReplicaSet', name: 'vcell-api-5f9b8c7d6f' },
        created: 'now-2d',
        containers: [
          {
            name: 'vcell-api',
            image: VCELL,
            env: [
              { name: 'JAVA_TOOL_OPTIONS', value: '-XX:MaxRAMPercentage=80' },
            ],
            resources: { limits: { memory: '2000Mi' } },
            restarts: 14,
            state: running('now-6m'),
            last: terminated('OOMKilled', 137, {
              started: 'now-52m',
              finished: 'now-6m',
            }),
          },
        ],
      }),
      cronJob('restart-api-cron', 'restart-api-cron', {
        schedule: '0 * * * *',
        image: 'bitnami/kubectl:1.29',
        last: 'now-38m',
      }),
      job('restart-api-cron-28937520', 'restart-api-cron', {
        cronJob: 'restart-api-cron',
        image: 'bitnami/kubectl:1.29',
        succeeded: 1,
        started: 'now-38m',
        conditions: [{ type: 'Complete', status: 'True' }],
      }),
      pod({
        app: 'vcell-db',
        labels: { app: 'vcell-db' },
        name: 'vcell-db-7c8d6b9f5c-m4q2w',
        owner: { kind: 'ReplicaSet', name: 'vcell-db-7c8d6b9f5c' },
        created: 'now-83d',
        containers: [
          { name: 'vcell-db', image: 'ghcr.io/virtualcell/vcell-db:7.6.0.12' },
        ],
      }),
    ],
    logs: [
      log(
        'restart-api-cron-28937520-7kq2x',
        'restart-api-cron',
        'info',
        1,
        -38,
        -37,
        () => 'deployment.apps/vcell-api restarted',
      ),
      log(
        'vcell-api-5f9b8c7d6f-h2x8q',
        'vcell-api',
        'info',
        120,
        -60,
        0,
        (i, at) =>
          json(at, 'info', 'health check: created and deleted BioModel', {
            model: `hc-${i}`,
            duration_ms: 180 + (i % 40),
          }),
      ),
      log(
        'vcell-api-5f9b8c7d6f-h2x8q',
        'vcell-api',
        'info',
        12,
        -60,
        0,
        (_i, at) =>
          `[${at.toISOString()}][gc] GC(812) Pause Young (Normal) (G1 Evacuation Pause) 1205M->739M(1600M) 18.412ms`,
      ),
    ],
    signals: {
      series: [
        ...memory(
          'vcell-api-5f9b8c7d6f-h2x8q',
          'vcell-api',
          sawtooth(46, 1032, 1995),
          2000,
        ),
        restarts('vcell-api-5f9b8c7d6f-h2x8q', 'vcell-api', -120, 1.3),
        {
          metric: {
            __name__: 'jvm_memory_used_bytes',
            namespace: 'shop',
            pod: 'vcell-api-5f9b8c7d6f-h2x8q',
            area: 'nonheap',
          },
          curve: () => 700 * 1024 * 1024,
        },
      ],
    },
    needles: ['MaxRAMPercentage', '2000Mi'],
    redHerrings: [
      {
        object: 'restart-api-cron',
        what: 'an hourly restart CronJob installed for a suspected leak (a workaround, not the cause)',
      },
      {
        object: 'vcell-db',
        what: 'the database runs the same JVM flags at 566Mi for 83 days: nothing leaks generally',
      },
    ],
  },
  // https://github.com/TwiN/k8s-ttl-controller/issues/78 — memory grew without bound: OOMKilled every
  // 3 minutes at 512Mi, every 9 minutes once the limit was raised to 768Mi.
  {
    name: 'controller-memory-leak-any-limit',
    expected: 'memory_leak',
    source: 'https://github.com/TwiN/k8s-ttl-controller/issues/78',
    entities: [entity('k8s-ttl-controller')],
    objects: [
      ...healthyNodes(),
      ...deployment('k8s-ttl-controller', {
        hash: '84bb784946',
        image: TTL,
        prev: { hash: '6d9c5b7f8d', image: TTL },
        created: 'now-55m',
        replicas: 1,
        containers: [
          {
            name: 'k8s-ttl-controller',
            image: TTL,
            resources: {
              limits: { memory: '768Mi' },
              requests: { memory: '128Mi' },
            },
          },
        ],
      }),
      pod({
        app: 'k8s-ttl-controller',
        name: 'k8s-ttl-controller-84bb784946-spgvs',
        owner: { kind: 'ReplicaSet', name: 'k8s-ttl-controller-84bb784946' },
        created: 'now-55m',
        containers: [
          {
            name: 'k8s-ttl-controller',
            image: TTL,
            resources: { limits: { memory: '768Mi' } },
            restarts: 6,
            state: running('now-2m'),
            last: terminated('OOMKilled', 137, {
              started: 'now-11m',
              finished: 'now-2m',
            }),
          },
        ],
      }),
      ev(
        'Deployment',
        'k8s-ttl-controller',
        'ScalingReplicaSet',
        'Scaled up replica set k8s-ttl-controller-84bb784946 to 1',
        {
          type: 'Normal',
          component: 'deployment-controller',
          first: 'now-55m',
          last: 'now-55m',
        },
      ),
      ...neighbourCrash(
        'kube-janitor',
        'kube-janitor-6c7d8b9f5c-w2q4k',
        'kubernetes.client.exceptions.ApiException: (410) Reason: Gone: too old resource version',
      ),
    ],
    logs: [
      log(
        'k8s-ttl-controller-84bb784946-spgvs',
        'k8s-ttl-controller',
        'info',
        200,
        -120,
        0,
        (i, at) =>
          `${at.toISOString().slice(0, 19).replace('T', ' ')} [${
            ['pods', 'jobs', 'configmaps', 'secrets'][i % 4]
          }] resource has not expired yet, skipping`,
      ),
      chronicLogfmt(
        'k8s-ttl-controller-84bb784946-spgvs',
        'k8s-ttl-controller',
        'throttling request took 1.04s',
        { request: 'GET:/apis/batch/v1/jobs' },
      ),
    ],
    signals: {
      series: [
        ...memory(
          'k8s-ttl-controller-84bb784946-spgvs',
          'k8s-ttl-controller',
          m => (m < -55 ? sawtooth(3, 90, 512)(m) : sawtooth(9, 90, 768)(m)),
          768,
        ),
        restarts(
          'k8s-ttl-controller-84bb784946-spgvs',
          'k8s-ttl-controller',
          -120,
          7,
        ),
      ],
    },
    needles: ['k8s-ttl-controller-84bb784946-spgvs', '768Mi'],
    redHerrings: [
      {
        object: 'kube-janitor',
        what: 'another cleanup controller crash-looping on stale watches',
      },
      {
        object: 'k8s-ttl-controller-6d9c5b7f8d',
        what: 'the limit was raised 55 minutes ago, which looks like the fix for a too-low limit',
      },
    ],
  },
];

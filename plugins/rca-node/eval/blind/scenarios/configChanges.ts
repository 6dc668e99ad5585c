import { entity } from '../../../src/__testUtils__/kit';
import { latency, step, wobble } from '../../../src/__testUtils__/signalsKit';
import { neighbourCrash, oldSidecarOom, sidecar } from '../herrings';
import {
  cronJob,
  deployment,
  healthyNodes,
  job,
  NODES,
  obj,
  pod,
  running,
  terminated,
} from '../k8s';
import { scaledUp } from '../kubelet';
import {
  envoy,
  gauge,
  json,
  log,
  logfmt,
  traceId,
  traffic,
} from '../telemetry';
import type { BlindScenario } from '../types';

/** Configuration changed under running pods, and a pool sized in a ConfigMap. */

const PRICING = 'registry.example.com/commerce/pricing-api:4.8.2';

const BILLING = 'registry.example.com/finance/billing:7.2.0';

const ORDERS = 'registry.example.com/commerce/orders-svc:3.3.1';

/** A ConfigMap whose last write (managedFields) is `changed`. */

const cm = (
  name: string,
  data: Record<string, string>,
  changed = 'now-40d',
) => {
  const o = obj('v1', 'ConfigMap', name, { data }, { created: 'now-200d' });
  const managedFields = [
    {
      manager: 'kubectl-client-side-apply',
      operation: 'Update',
      apiVersion: 'v1',
      time: changed,
    },
  ];
  return { ...o, metadata: { ...o.metadata, managedFields } };
};

export const configChangeScenarios: BlindScenario[] = [
  // https://kubernetes.recipes/recipes/configuration/kubernetes-configmap-reload-patterns/ — a
  // volume-mounted ConfigMap is swapped in place by the kubelet and the app reloads it: errors start
  // without any rollout; the other region, with the old ConfigMap, is fine.
  {
    name: 'configmap-hot-reload-bad-rule',
    expected: 'config_change_regression',
    source:
      'https://kubernetes.recipes/recipes/configuration/kubernetes-configmap-reload-patterns/',
    entities: [entity('pricing-api')],
    objects: [
      ...healthyNodes(),
      ...deployment('pricing-api', {
        hash: '5f6d8c7b9f',
        image: PRICING,
        created: 'now-14d',
        replicas: 2,
        volumes: [{ name: 'rules', configMap: { name: 'pricing-api-rules' } }],
      }),
      ...['5f6d8c7b9f-2nqzs', '5f6d8c7b9f-w7hxk'].map((s, i) =>
        pod({
          app: 'pricing-api',
          name: `pricing-api-${s}`,
          owner: { kind: 'ReplicaSet', name: 'pricing-api-5f6d8c7b9f' },
          node: NODES[i],
          created: 'now-14d',
          volumes: [
            { name: 'rules', configMap: { name: 'pricing-api-rules' } },
          ],
          containers: [
            {
              name: 'pricing-api',
              image: PRICING,
              volumeMounts: [{ name: 'rules', mountPath: '/etc/pricing' }],
            },
            i === 0 ? oldSidecarOom('6d') : sidecar(),
          ],
        }),
      ),
      cm(
        'pricing-api-rules',
        {
          'rules.yaml':
            'rules:\n- id: eu-vat-2024\n  currency: EURO\n  rate: 0.21\n',
        },
        'now-16m',
      ),
      ...deployment('pricing-ui', {
        hash: '6d9f7c5b8c',
        image: 'registry.example.com/commerce/pricing-ui:1.19.0',
        prev: {
          hash: '58b6c4d7f9',
          image: 'registry.example.com/commerce/pricing-ui:1.18.4',
        },
        created: 'now-20m',
        replicas: 2,
        labels: { app: 'pricing-ui' },
      }),
      scaledUp('pricing-ui', 'pricing-ui-6d9f7c5b8c', 2, 'now-20m'),
    ],
    logs: [
      log(
        'pricing-api-5f6d8c7b9f-2nqzs',
        'pricing-api',
        'info',
        1,
        -16,
        -15,
        (_i, at) =>
          logfmt(at, 'info', 'config reloaded', {
            file: '/etc/pricing/rules.yaml',
            checksum: 'sha256:9c1e4f',
            rules: 14,
          }),
      ),
      log(
        'pricing-api-5f6d8c7b9f-2nqzs',
        'pricing-api',
        'error',
        90,
        -15,
        0,
        (i, at) =>
          logfmt(at, 'error', 'price rule evaluation failed', {
            rule: 'eu-vat-2024',
            err: 'unknown currency "EURO"',
            trace_id: traceId('pricing', i),
          }),
      ),
      log(
        'checkout-7d9c6b5f4-lx2wq',
        'istio-proxy',
        'info',
        60,
        -15,
        0,
        (i, at) =>
          envoy(at, {
            method: 'POST',
            path: '/v1/quote',
            code: 500,
            upstream: 'pricing-api.shop.svc.cluster.local:8080',
            cluster: '10.244.1.23:8080',
            ms: 14,
            bytes: 61,
            trace: traceId('pricing', i),
          }),
      ),
    ],
    signals: {
      series: [
        ...traffic(
          'pricing-api-5f6d8c7b9f-2nqzs',
          'pricing-api',
          wobble(step(-15, 0.003, 0.31), 0.2),
        ),
        ...traffic(
          'pricing-api-5f6d8c7b9f-w7hxk',
          'pricing-api',
          wobble(step(-15, 0.003, 0.29), 0.2),
        ),
      ],
    },
    clusters: {
      'prod-us': {
        objects: [
          ...healthyNodes(),
          ...deployment('pricing-api', {
            hash: '5f6d8c7b9f',
            image: PRICING,
            created: 'now-14d',
            replicas: 2,
          }),
          pod({
            app: 'pricing-api',
            name: 'pricing-api-5f6d8c7b9f-9mzkp',
            owner: { kind: 'ReplicaSet', name: 'pricing-api-5f6d8c7b9f' },
            created: 'now-14d',
            containers: [{ name: 'pricing-api', image: PRICING }],
          }),
          cm('pricing-api-rules', {
            'rules.yaml':
              'rules:\n- id: eu-vat-2024\n  currency: EUR\n  rate: 0.21\n',
          }),
        ],
      },
    },
    needles: ['pricing-api-rules', 'rules.yaml'],
    redHerrings: [
      {
        object: 'pricing-ui',
        what: 'an unrelated rollout of the UI four minutes before the errors',
      },
      {
        object: 'pricing-api-5f6d8c7b9f-2nqzs',
        what: 'its istio-proxy was OOMKilled six days ago',
      },
    ],
  },
  // https://docs.stakater.com/reloader/1.4/how-to-guides/restart-pods-when-configmap-changes.html —
  // env values from a Secret are read at start; the rotated DB password never reached running pods.
  {
    name: 'secret-rotation-stale-env',
    expected: 'config_change_regression',
    source:
      'https://docs.stakater.com/reloader/1.4/how-to-guides/restart-pods-when-configmap-changes.html',
    entities: [entity('billing')],
    objects: [
      ...healthyNodes(),
      ...deployment('billing', {
        hash: '7b6c9d8f5c',
        image: BILLING,
        created: 'now-6d',
        replicas: 2,
        containers: [
          {
            name: 'billing',
            image: BILLING,
            env: [
              {
                name: 'DB_PASSWORD',
                valueFrom: {
                  secretKeyRef: {
                    name: 'billing-db-credentials',
                    key: 'password',
                  },
                },
              },
            ],
          },
        ],
      }),
      ...['7b6c9d8f5c-h4kd9', '7b6c9d8f5c-v8q2n'].map((s, i) =>
        pod({
          app: 'billing',
          name: `billing-${s}`,
          owner: { kind: 'ReplicaSet', name: 'billing-7b6c9d8f5c' },
          node: NODES[i],
          created: 'now-6d',
          containers: [
            {
              name: 'billing',
              image: BILLING,
              env: [
                {
                  name: 'DB_PASSWORD',
                  valueFrom: {
                    secretKeyRef: {
                      name: 'billing-db-credentials',
                      key: 'password',
                    },
                  },
                },
              ],
            },
          ],
        }),
      ),
      obj(
        'v1',
        'Secret',
        'billing-db-credentials',
        {
          type: 'Opaque',
          data: { username: 'YmlsbGluZw==', password: 'KioqKg==' },
        },
        {
          created: 'now-300d',
          annotations: { 'rotation.example.com/rotated-at': 'now-22m' },
        },
      ),
      cronJob('db-credential-rotator', 'db-credential-rotator', {
        schedule: '0 3 * * 1',
        image: 'registry.example.com/platform/rotator:1.4.0',
        last: 'now-23m',
      }),
      job('db-credential-rotator-28937402', 'db-credential-rotator', {
        cronJob: 'db-credential-rotator',
        image: 'registry.example.com/platform/rotator:1.4.0',
        succeeded: 1,
        started: 'now-23m',
        conditions: [
          { type: 'Complete', status: 'True', lastTransitionTime: 'now-22m' },
        ],
      }),
      ...neighbourCrash(
        'invoice-pdf',
        'invoice-pdf-5c7b9d6f8d-p2lmx',
        'Error: Failed to launch the browser process! /usr/bin/chromium: error while loading shared libraries',
      ),
    ],
    logs: [
      log(
        'db-credential-rotator-28937402-9kqzv',
        'db-credential-rotator',
        'info',
        2,
        -23,
        -22,
        (i, at) =>
          json(
            at,
            'info',
            i === 0
              ? 'rotated password for role billing'
              : 'updated secret shop/billing-db-credentials',
            { rotation_id: 'r-20241118-0300' },
          ),
      ),
      log('billing-7b6c9d8f5c-h4kd9', 'billing', 'error', 70, -20, 0, (i, at) =>
        json(
          at,
          'error',
          'could not acquire connection: FATAL: password authentication failed for user "billing" (SQLSTATE 28P01)',
          { pool: 'pgx', trace_id: traceId('billing', i) },
        ),
      ),
      log(
        'billing-db-0',
        'postgres',
        'error',
        70,
        -20,
        0,
        (_i, at) =>
          `${at
            .toISOString()
            .replace('T', ' ')
            .slice(
              0,
              23,
            )} UTC [61234] FATAL:  password authentication failed for user "billing"`,
      ),
      log(
        'billing-db-0',
        'postgres',
        'warn',
        20,
        -120,
        0,
        (_i, at) =>
          `${at
            .toISOString()
            .replace('T', ' ')
            .slice(
              0,
              23,
            )} UTC [57] LOG:  checkpoints are occurring too frequently (24 seconds apart)`,
      ),
    ],
    signals: {
      series: traffic(
        'billing-7b6c9d8f5c-h4kd9',
        'billing',
        step(-20, 0.001, 0.2),
      ),
    },
    needles: ['billing-db-credentials'],
    redHerrings: [
      {
        object: 'invoice-pdf',
        what: 'a neighbour crash-looping on a missing Chromium library',
      },
      {
        object: 'billing-db-0',
        what: 'chronic checkpoint warnings in the database log',
      },
    ],
  },
  // https://github.com/HolmesGPT/holmesgpt/pull/2132 (eval 261) — order failures traced to a DB pool
  // max of 2 in a ConfigMap, under a recent unrelated deploy + OOM, connection-reset spam and a
  // crash-looping exporter.
  {
    name: 'orders-db-pool-max-two',
    expected: 'connection_pool_exhaustion',
    source: 'https://github.com/HolmesGPT/holmesgpt/pull/2132',
    entities: [entity('orders-svc')],
    objects: [
      ...healthyNodes(),
      ...deployment('orders-svc', {
        hash: '69d8b7c5f4',
        image: ORDERS,
        created: 'now-8d',
        replicas: 2,
        containers: [
          {
            name: 'orders-svc',
            image: ORDERS,
            envFrom: [{ configMapRef: { name: 'orders-svc-db' } }],
          },
        ],
      }),
      ...['69d8b7c5f4-6zqkx', '69d8b7c5f4-jr4pw'].map((s, i) =>
        pod({
          app: 'orders-svc',
          name: `orders-svc-${s}`,
          owner: { kind: 'ReplicaSet', name: 'orders-svc-69d8b7c5f4' },
          node: NODES[i],
          created: 'now-8d',
          containers: [
            {
              name: 'orders-svc',
              image: ORDERS,
              envFrom: [{ configMapRef: { name: 'orders-svc-db' } }],
            },
          ],
        }),
      ),
      cm(
        'orders-svc-db',
        {
          DB_URL: 'jdbc:postgresql://orders-db:5432/orders',
          DB_POOL_MAX: '2',
          DB_POOL_TIMEOUT_MS: '30000',
        },
        'now-8d',
      ),
      ...deployment('recommendations', {
        hash: '7f5c8d9b6c',
        image: 'registry.example.com/ml/recommendations:5.0.0',
        prev: {
          hash: '6c9b7d5f8d',
          image: 'registry.example.com/ml/recommendations:4.9.1',
        },
        created: 'now-18m',
        replicas: 1,
        labels: { app: 'recommendations' },
      }),
      pod({
        app: 'recommendations',
        name: 'recommendations-7f5c8d9b6c-t2m8p',
        owner: { kind: 'ReplicaSet', name: 'recommendations-7f5c8d9b6c' },
        labels: { app: 'recommendations' },
        created: 'now-18m',
        containers: [
          {
            name: 'recommendations',
            image: 'registry.example.com/ml/recommendations:5.0.0',
            restarts: 2,
            last: terminated('OOMKilled', 137, { finished: 'now-9m' }),
            state: running('now-9m'),
          },
        ],
      }),
      ...neighbourCrash(
        'postgres-exporter',
        'postgres-exporter-5b8c7d6f9-vq4xs',
        'level=error msg="Error opening connection to database" err="pq: SSL is not enabled on the server"',
      ),
    ],
    logs: [
      log(
        'orders-svc-69d8b7c5f4-6zqkx',
        'orders-svc',
        'error',
        110,
        -24,
        0,
        (i, at) =>
          `${at.toISOString()} ERROR [http-nio-8080-exec-${
            (i % 40) + 1
          }] o.h.engine.jdbc.spi.SqlExceptionHelper : HikariPool-1 - Connection is not available, request timed out after 30000ms (total=2, active=2, idle=0, waiting=${
            30 + (i % 25)
          }) trace_id=${traceId('orders', i)}`,
      ),
      log(
        'orders-db-0',
        'postgres',
        'warn',
        50,
        -120,
        0,
        (_i, at) =>
          `${at
            .toISOString()
            .replace('T', ' ')
            .slice(
              0,
              23,
            )} UTC [4411] LOG:  could not receive data from client: Connection reset by peer`,
      ),
    ],
    signals: {
      series: [
        ...traffic(
          'orders-svc-69d8b7c5f4-6zqkx',
          'orders-svc',
          step(-24, 0.002, 0.18),
          40,
        ),
        ...latency('orders-svc-69d8b7c5f4-6zqkx', step(-24, 0.09, 4.5), 40),
        gauge(
          'hikaricp_connections_pending',
          'orders-svc-69d8b7c5f4-6zqkx',
          { pool: 'HikariPool-1' },
          step(-24, 0, 42),
        ),
        gauge(
          'hikaricp_connections_active',
          'orders-svc-69d8b7c5f4-6zqkx',
          { pool: 'HikariPool-1' },
          step(-24, 1, 2),
        ),
        gauge(
          'hikaricp_connections_max',
          'orders-svc-69d8b7c5f4-6zqkx',
          { pool: 'HikariPool-1' },
          () => 2,
        ),
      ],
    },
    needles: ['orders-svc-db', 'DB_POOL_MAX'],
    redHerrings: [
      {
        object: 'recommendations',
        what: 'an unrelated deploy 18 minutes ago whose pod was OOMKilled',
      },
      { object: 'postgres-exporter', what: 'a crash-looping metrics exporter' },
      {
        object: 'orders-db-0',
        what: 'benign connection-reset spam in the database log, chronic',
      },
    ],
  },
];

import { entity } from '../../../src/__testUtils__/kit';
import { latency, step, wobble } from '../../../src/__testUtils__/signalsKit';
import {
  certRenewed,
  chronicJson,
  neighbourCrash,
  oldSidecarOom,
  sidecar,
} from '../herrings';
import {
  deployment,
  ev,
  healthyNodes,
  NODES,
  pod,
  running,
  service,
  statefulSet,
  terminated,
  waiting,
} from '../k8s';
import { crashLoop, scaledUp } from '../kubelet';
import { envoy, json, log, logfmt, traceId, traffic } from '../telemetry';
import type { BlindScenario } from '../types';

/** Dependencies: a provider no source can see, databases not ready, names that do not resolve. */

const CHECKOUT = 'registry.example.com/commerce/checkout:5.12.0';

const GRAFANA = 'docker.io/grafana/grafana:11.1.4';

const KC = 'quay.io/keycloak/keycloak:15.0.2';

const web = (
  app: string,
  image: string,
  hash: string,
  suffixes: string[],
  extra = sidecar,
) =>
  suffixes.map((s, i) =>
    pod({
      app,
      name: `${app}-${hash}-${s}`,
      owner: { kind: 'ReplicaSet', name: `${app}-${hash}` },
      node: NODES[i % 3],
      created: 'now-5d',
      containers: [
        { name: app, image },
        i === 0 ? oldSidecarOom('2d') : extra(),
      ],
    }),
  );

export const dependencyScenarios: BlindScenario[] = [
  // https://github.com/HolmesGPT/holmesgpt/pull/2132 (eval 260) — intermittent checkout failures whose
  // cause sits behind an external payment provider no source can see, amid a recent rollout, an
  // OOMKilled sidecar and a crash-looping helper: say so rather than blame a herring.
  {
    name: 'external-payment-provider-invisible',
    expected: 'insufficient_evidence',
    source: 'https://github.com/HolmesGPT/holmesgpt/pull/2132',
    entities: [entity('checkout')],
    objects: [
      ...healthyNodes(),
      ...deployment('checkout', {
        hash: '6d9c7b8f4c',
        image: CHECKOUT,
        prev: {
          hash: '5b8d6c9f7d',
          image: 'registry.example.com/commerce/checkout:5.11.3',
        },
        created: 'now-35m',
        replicas: 3,
      }),
      ...web('checkout', CHECKOUT, '6d9c7b8f4c', ['lx2wq', 'p8n3v', 'r5t7y']),
      scaledUp('checkout', 'checkout-6d9c7b8f4c', 3, 'now-35m'),
      ...neighbourCrash(
        'checkout-receipt-mailer',
        'checkout-receipt-mailer-7c6d5b9f8-z4q1c',
        'Error: connect ECONNREFUSED 10.96.40.12:587',
      ),
    ],
    logs: [
      log(
        'checkout-6d9c7b8f4c-lx2wq',
        'checkout',
        'error',
        45,
        -20,
        0,
        (i, at) =>
          json(at, 'error', 'payment authorization failed', {
            provider: 'pay-gw.acme-ext.io',
            err: 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
            attempt: (i % 3) + 1,
            trace_id: traceId('co', i),
          }),
      ),
      log(
        'checkout-6d9c7b8f4c-lx2wq',
        'istio-proxy',
        'info',
        45,
        -20,
        0,
        (i, at) =>
          envoy(at, {
            method: 'POST',
            path: '/v2/authorize',
            code: 504,
            flags: 'UT',
            details: 'response_timeout',
            upstream: 'pay-gw.acme-ext.io:443',
            cluster: '198.51.100.24:443',
            ms: 10001,
            trace: traceId('co', i),
          }),
      ),
    ],
    signals: {
      series: [
        ...traffic(
          'checkout-6d9c7b8f4c-lx2wq',
          'checkout',
          wobble(step(-20, 0.004, 0.05), 0.6),
          30,
        ),
        ...latency('checkout-6d9c7b8f4c-lx2wq', step(-20, 0.2, 2.5), 30),
      ],
    },
    needles: ['pay-gw.acme-ext.io'],
    redHerrings: [
      {
        object: 'checkout-6d9c7b8f4c',
        what: 'a rollout 35 minutes ago, fifteen minutes before the failures began',
      },
      {
        object: 'checkout-6d9c7b8f4c-lx2wq',
        what: 'its istio-proxy was OOMKilled two days ago',
      },
      {
        object: 'checkout-receipt-mailer',
        what: 'a helper crash-looping on an SMTP relay',
      },
    ],
  },
  // https://github.com/Panfactum/stack/issues/124 — Grafana went down while its CloudNativePG database
  // was restarting: "FATAL: the database system is starting up" (57P03), and Grafana exits at start.
  {
    name: 'grafana-db-starting-up',
    expected: 'app_crash_dependency_unreachable',
    source: 'https://github.com/Panfactum/stack/issues/124',
    entities: [entity('grafana')],
    objects: [
      ...healthyNodes(),
      ...deployment('grafana', {
        hash: '86f5656bf6',
        image: GRAFANA,
        created: 'now-12d',
        replicas: 1,
        ready: 0,
      }),
      pod({
        app: 'grafana',
        name: 'grafana-86f5656bf6-xpnh6',
        owner: { kind: 'ReplicaSet', name: 'grafana-86f5656bf6' },
        created: 'now-12d',
        containers: [
          {
            name: 'grafana',
            image: GRAFANA,
            restarts: 6,
            state: waiting(
              'CrashLoopBackOff',
              'back-off 2m40s restarting failed container=grafana pod=grafana-86f5656bf6-xpnh6_shop',
            ),
            last: terminated('Error', 1),
          },
        ],
      }),
      ...crashLoop(
        'grafana-86f5656bf6-xpnh6',
        'grafana',
        GRAFANA,
        6,
        'now-19m',
      ),
      statefulSet('pg-c2f3', {
        image: 'ghcr.io/cloudnative-pg/postgresql:16.3',
        replicas: 2,
        ready: 0,
      }),
      pod({
        app: 'pg-c2f3',
        name: 'pg-c2f3-1',
        owner: { kind: 'StatefulSet', name: 'pg-c2f3' },
        created: 'now-21m',
        containers: [
          {
            name: 'postgres',
            image: 'ghcr.io/cloudnative-pg/postgresql:16.3',
            ready: false,
            state: running('now-21m'),
          },
        ],
      }),
      ev(
        'Pod',
        'pg-c2f3-1',
        'Unhealthy',
        'Readiness probe failed: HTTP probe failed with statuscode: 500',
        { first: 'now-20m', count: 40, fieldPath: 'spec.containers{postgres}' },
      ),
      ...certRenewed('grafana-tls'),
    ],
    logs: [
      log('grafana-86f5656bf6-xpnh6', 'grafana', 'error', 6, -19, 0, (_i, at) =>
        logfmt(at, 'eror', 'Server shutdown', {
          logger: 'server',
          reason:
            'Service init failed: migration failed (id = create migration_log table): pq: the database system is starting up',
        }),
      ),
      log('pg-c2f3-1', 'postgres', 'info', 60, -20, 0, (i, at) =>
        JSON.stringify({
          level: 'info',
          ts: at.toISOString(),
          logger: 'postgres',
          msg: 'record',
          logging_pod: 'pg-c2f3-1',
          record: {
            error_severity: 'FATAL',
            sql_state_code: '57P03',
            message: 'the database system is starting up',
            process_id: String(31 + i),
          },
        }),
      ),
      chronicJson(
        'grafana-image-renderer-5d7c9b8f6-m2q7w',
        'grafana-image-renderer',
        'Browser timeout: exceeded timeout of 60000ms',
        { url: '/d-solo/abc' },
      ),
    ],
    needles: ['pg-c2f3', '57P03'],
    redHerrings: [
      {
        object: 'grafana-tls',
        what: 'the Grafana certificate renewed normally',
      },
      { object: 'grafana-image-renderer', what: 'chronic renderer timeouts' },
    ],
  },
  // https://github.com/PacktPublishing/Machine-Learning-on-Kubernetes/issues/11 — Keycloak could not
  // start: java.net.UnknownHostException: postgres — the JDBC host named a Service that does not exist.
  {
    name: 'keycloak-db-host-does-not-resolve',
    expected: 'dns_resolution_failure',
    source:
      'https://github.com/PacktPublishing/Machine-Learning-on-Kubernetes/issues/11',
    entities: [entity('keycloak-auth')],
    objects: [
      ...healthyNodes(),
      ...deployment('keycloak-auth', {
        hash: '6b9d7c8f5b',
        image: KC,
        created: 'now-16m',
        replicas: 1,
        ready: 0,
        containers: [
          {
            name: 'keycloak-auth',
            image: KC,
            env: [
              { name: 'DB_VENDOR', value: 'postgres' },
              { name: 'DB_ADDR', value: 'postgres' },
            ],
          },
        ],
      }),
      pod({
        app: 'keycloak-auth',
        name: 'keycloak-auth-6b9d7c8f5b-8wq2n',
        owner: { kind: 'ReplicaSet', name: 'keycloak-auth-6b9d7c8f5b' },
        created: 'now-16m',
        containers: [
          {
            name: 'keycloak-auth',
            image: KC,
            env: [{ name: 'DB_ADDR', value: 'postgres' }],
            restarts: 5,
            state: waiting(
              'CrashLoopBackOff',
              'back-off 2m40s restarting failed container=keycloak-auth',
            ),
            last: terminated('Error', 1),
          },
        ],
      }),
      ...crashLoop(
        'keycloak-auth-6b9d7c8f5b-8wq2n',
        'keycloak-auth',
        KC,
        5,
        'now-16m',
      ),
      service(
        'keycloak-postgresql',
        { 'app.kubernetes.io/name': 'keycloak-postgresql' },
        [{ name: 'tcp-postgresql', port: 5432, targetPort: 5432 }],
      ),
      statefulSet('keycloak-postgresql', {
        image: 'docker.io/bitnami/postgresql:11.11.0-debian-10-r31',
      }),
      ...neighbourCrash(
        'ml-pipeline-ui',
        'ml-pipeline-ui-5b7c8d6f9-k2w4p',
        'Error: listen EADDRINUSE: address already in use :::3000',
      ),
    ],
    logs: [
      log(
        'keycloak-auth-6b9d7c8f5b-8wq2n',
        'keycloak-auth',
        'error',
        25,
        -16,
        0,
        (_i, at) =>
          `${at
            .toISOString()
            .slice(
              11,
              23,
            )} ERROR [org.jboss.jca.core.connectionmanager.listener.TxConnectionListener] (ServerService Thread Pool -- 64) IJ000405: Caused by: java.net.UnknownHostException: postgres`,
      ),
      log(
        'keycloak-postgresql-0',
        'postgresql',
        'info',
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
            )} GMT [1] LOG:  database system is ready to accept connections`,
      ),
    ],
    needles: ['postgres', 'keycloak-postgresql'],
    redHerrings: [
      {
        object: 'ml-pipeline-ui',
        what: 'a neighbour crash-looping on a port clash',
      },
      {
        object: 'keycloak-postgresql',
        what: 'the database itself is up and ready',
      },
    ],
  },
];

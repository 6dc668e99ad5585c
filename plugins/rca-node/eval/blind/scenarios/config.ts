import { entity } from '../../../src/__testUtils__/kit';
import { clearedHpa, chronicJson, neighbourCrash, sidecar } from '../herrings';
import {
  deployment,
  ev,
  healthyNodes,
  NODES,
  obj,
  pod,
  running,
  statefulSet,
  terminated,
  waiting,
} from '../k8s';
import { crashLoop, failedMount, scaledDown, scaledUp } from '../kubelet';
import { envoy, json, log, traceId } from '../telemetry';
import type { BlindScenario } from '../types';

/** Configuration: missing Secrets and ConfigMaps, invalid configuration. */

const OM = 'docker.getcollate.io/openmetadata/server:1.0.0';

const KAFKA = 'registry.example.com/cloudeon/kafka:3.4.0';

const AUTH = 'registry.example.com/identity/auth-service:2.11.3';

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

export const configScenarios: BlindScenario[] = [
  // https://github.com/open-metadata/openmetadata-helm-charts/issues/111 — a chart upgrade referenced
  // openmetadata-secret before any hook created it: CreateContainerConfigError, secret not found.
  {
    name: 'helm-upgrade-secret-not-found',
    expected: 'missing_secret_or_key',
    source:
      'https://github.com/open-metadata/openmetadata-helm-charts/issues/111',
    entities: [entity('openmetadata')],
    objects: [
      ...healthyNodes(),
      ...deployment('openmetadata', {
        hash: '7c9d5b8f6d',
        image: OM,
        prev: {
          hash: '66f7d8c9b4',
          image: 'docker.getcollate.io/openmetadata/server:0.13.2',
        },
        created: 'now-14m',
        replicas: 1,
        ready: 1,
        containers: [
          {
            name: 'openmetadata',
            image: OM,
            env: [
              {
                name: 'FERNET_KEY',
                valueFrom: {
                  secretKeyRef: {
                    name: 'openmetadata-secret',
                    key: 'FERNET_KEY',
                  },
                },
              },
            ],
          },
        ],
      }),
      pod({
        app: 'openmetadata',
        name: 'openmetadata-66f7d8c9b4-r7t2m',
        owner: { kind: 'ReplicaSet', name: 'openmetadata-66f7d8c9b4' },
        created: 'now-30d',
        containers: [
          {
            name: 'openmetadata',
            image: 'docker.getcollate.io/openmetadata/server:0.13.2',
          },
        ],
      }),
      pod({
        app: 'openmetadata',
        name: 'openmetadata-7c9d5b8f6d-x9qnb',
        owner: { kind: 'ReplicaSet', name: 'openmetadata-7c9d5b8f6d' },
        phase: 'Pending',
        node: NODES[1],
        created: 'now-14m',
        containers: [
          {
            name: 'openmetadata',
            image: OM,
            env: [
              {
                name: 'FERNET_KEY',
                valueFrom: {
                  secretKeyRef: {
                    name: 'openmetadata-secret',
                    key: 'FERNET_KEY',
                  },
                },
              },
            ],
            state: waiting(
              'CreateContainerConfigError',
              'secret "openmetadata-secret" not found',
            ),
          },
        ],
      }),
      scaledUp('openmetadata', 'openmetadata-7c9d5b8f6d', 1, 'now-14m'),
      ev(
        'Pod',
        'openmetadata-7c9d5b8f6d-x9qnb',
        'Failed',
        'Error: secret "openmetadata-secret" not found',
        {
          count: 68,
          first: 'now-14m',
          fieldPath: 'spec.containers{openmetadata}',
        },
      ),
      pod({
        app: 'openmetadata',
        name: 'openmetadata-db-migrate-4kq8d',
        owner: { kind: 'Job', name: 'openmetadata-db-migrate' },
        phase: 'Succeeded',
        created: 'now-15m',
        containers: [
          {
            name: 'migrate',
            image: OM,
            ready: false,
            state: terminated('Completed', 0, { finished: 'now-14m' }),
          },
        ],
      }),
      statefulSet('opensearch-master', {
        image: 'opensearchproject/opensearch:2.5.0',
        replicas: 3,
      }),
    ],
    logs: [
      log(
        'opensearch-master-1',
        'opensearch',
        'warn',
        40,
        -120,
        0,
        (_i, at) =>
          `[${at.toISOString()}][WARN ][o.o.c.r.a.DiskThresholdMonitor] [opensearch-master-1] high disk watermark [90%] exceeded on [k3Fq0uYtS0yq5f8yVd2m1A][opensearch-master-1][/usr/share/opensearch/data/nodes/0] free: 4.2gb[8.4%], shards will be relocated away from this node`,
      ),
    ],
    needles: ['openmetadata-secret', 'FERNET_KEY'],
    redHerrings: [
      {
        object: 'opensearch-master',
        what: 'chronic high-disk-watermark warnings in the search backend',
      },
      {
        object: 'openmetadata-db-migrate',
        what: 'the pre-upgrade migration hook ran and completed fine',
      },
    ],
  },
  // https://github.com/dromara/CloudEon/issues/177 — Kafka pods stayed in ContainerCreating for days:
  // MountVolume.SetUp failed for volume "service-render" : configmap "kafka-service-render" not found.
  {
    name: 'kafka-configmap-volume-missing',
    expected: 'missing_configmap_volume',
    source: 'https://github.com/dromara/CloudEon/issues/177',
    entities: [entity('kafka-broker')],
    objects: [
      ...healthyNodes(),
      statefulSet('kafka-broker', {
        image: KAFKA,
        replicas: 3,
        ready: 0,
        serviceName: 'kafka-broker-headless',
      }),
      ...[0, 1, 2].map(i =>
        pod({
          app: 'kafka-broker',
          name: `kafka-broker-${i}`,
          owner: { kind: 'StatefulSet', name: 'kafka-broker' },
          node: NODES[i],
          phase: 'Pending',
          created: 'now-50m',
          volumes: [
            {
              name: 'service-common',
              configMap: { name: 'kafka-service-common' },
            },
            {
              name: 'service-render',
              configMap: { name: 'kafka-service-render' },
            },
            { name: 'local-data-1', hostPath: { path: '/data/edp/kafka' } },
          ],
          containers: [
            {
              name: 'kafka',
              image: KAFKA,
              state: waiting('ContainerCreating'),
            },
          ],
        }),
      ),
      cm('kafka-service-common', {
        'server.properties': 'log.dirs=/opt/edp/kafka/data\nnum.partitions=3\n',
      }),
      failedMount(
        'kafka-broker-0',
        'MountVolume.SetUp failed for volume "service-render" : configmap "kafka-service-render" not found',
        25,
      ),
      failedMount(
        'kafka-broker-0',
        'Unable to attach or mount volumes: unmounted volumes=[service-render], unattached volumes=[service-common service-render local-data-1 kube-api-access-vrvgp]: timed out waiting for the condition',
        20,
      ),
      failedMount(
        'kafka-broker-1',
        'MountVolume.SetUp failed for volume "service-render" : configmap "kafka-service-render" not found',
        25,
      ),
      ...neighbourCrash(
        'hdfs-datanode',
        'hdfs-datanode-6b7c9d4f5-2kx8v',
        'java.io.IOException: All specified directories have failed to load.',
      ),
    ],
    logs: [
      log(
        'zookeeper-0',
        'zookeeper',
        'warn',
        60,
        -120,
        0,
        (_i, at) =>
          `${at
            .toISOString()
            .replace('T', ' ')
            .slice(
              0,
              23,
            )} [myid:1] - WARN  [NIOWorkerThread-2:NIOServerCnxn@373] - Unable to read additional data from client, it probably closed the socket: address = /10.244.2.31:51734, session = 0x0`,
      ),
    ],
    needles: ['kafka-service-render', 'service-render'],
    redHerrings: [
      {
        object: 'hdfs-datanode',
        what: 'another service of the same platform crash-looping on its own disks',
      },
      {
        object: 'zookeeper-0',
        what: 'chronic ZooKeeper socket warnings from health checks',
      },
    ],
  },
  // https://grokdatum.github.io/grokdevops-wiki/library/postmortems/sev-2/missing-runbook-crashloop —
  // auth-service v2.11.3 shipped a ConfigMap with an unquoted value containing a colon; every pod exited at start.
  {
    name: 'auth-config-yaml-invalid',
    expected: 'crashloop_missing_env_or_config',
    source:
      'https://grokdatum.github.io/grokdevops-wiki/library/postmortems/sev-2/missing-runbook-crashloop',
    entities: [entity('auth-service')],
    objects: [
      ...healthyNodes(),
      ...deployment('auth-service', {
        hash: '84c6f7d9b5',
        image: AUTH,
        prev: {
          hash: '7f8b5c6d4c',
          image: 'registry.example.com/identity/auth-service:2.11.2',
        },
        created: 'now-17m',
        replicas: 3,
        ready: 0,
        containers: [
          {
            name: 'auth-service',
            image: AUTH,
            volumeMounts: [{ name: 'config', mountPath: '/etc/auth' }],
          },
          sidecar(),
        ],
        volumes: [
          { name: 'config', configMap: { name: 'auth-service-config' } },
        ],
        conditions: [
          {
            type: 'Available',
            status: 'False',
            reason: 'MinimumReplicasUnavailable',
            message: 'Deployment does not have minimum availability.',
            lastTransitionTime: 'now-15m',
          },
          {
            type: 'Progressing',
            status: 'True',
            reason: 'ReplicaSetUpdated',
            lastTransitionTime: 'now-17m',
          },
        ],
      }),
      ...['84c6f7d9b5-4qwnx', '84c6f7d9b5-9hv2k', '84c6f7d9b5-tz6rm'].map(
        (s, i) =>
          pod({
            app: 'auth-service',
            name: `auth-service-${s}`,
            owner: { kind: 'ReplicaSet', name: 'auth-service-84c6f7d9b5' },
            node: NODES[i],
            created: 'now-17m',
            volumes: [
              { name: 'config', configMap: { name: 'auth-service-config' } },
            ],
            containers: [
              {
                name: 'auth-service',
                image: AUTH,
                restarts: 7,
                state: waiting(
                  'CrashLoopBackOff',
                  `back-off 2m40s restarting failed container=auth-service pod=auth-service-${s}_shop`,
                ),
                last: terminated('Error', 1, {
                  message:
                    'failed to load config /etc/auth/config.yaml: yaml: line 14: mapping values are not allowed in this context',
                }),
              },
              { ...sidecar(), state: running('now-17m') },
            ],
          }),
      ),
      cm(
        'auth-service-config',
        {
          'config.yaml':
            'server:\n  port: 8080\nsession:\n  store: redis://session-store:6379\nfeatures:\n  rate_limit_strategy: adaptive: true\n',
        },
        'now-17m',
      ),
      ...crashLoop(
        'auth-service-84c6f7d9b5-4qwnx',
        'auth-service',
        AUTH,
        7,
        'now-17m',
      ),
      scaledDown('auth-service', 'auth-service-7f8b5c6d4c', 0, 'now-15m'),
      ...clearedHpa('auth-service'),
    ],
    logs: [
      log(
        'auth-service-84c6f7d9b5-4qwnx',
        'auth-service',
        'fatal',
        7,
        -17,
        0,
        (_i, at) =>
          json(
            at,
            'fatal',
            'failed to load config /etc/auth/config.yaml: yaml: line 14: mapping values are not allowed in this context',
            { caller: 'cmd/server/main.go:61', version: '2.11.3' },
          ),
      ),
      log(
        'login-ui-5c8d7b6f9-kq2xv',
        'istio-proxy',
        'info',
        80,
        -15,
        0,
        (i, at) =>
          envoy(at, {
            method: 'POST',
            path: '/oauth/token',
            code: 503,
            flags: 'UF,URX',
            details:
              'upstream_reset_before_response_started{connection_failure}',
            upstream: 'auth-service.shop.svc.cluster.local:8080',
            cluster: '10.244.1.41:8080',
            ms: 2,
            trace: traceId('login', i),
          }),
      ),
      chronicJson(
        'session-store-0',
        'redis',
        'Client id=4417 addr=10.244.2.9:40212 closed for overcoming of output buffer limits.',
      ),
    ],
    needles: ['auth-service-config', 'config.yaml'],
    redHerrings: [
      { object: 'session-store', what: 'chronic Redis output-buffer warnings' },
      {
        object: 'HorizontalPodAutoscaler shop/auth-service',
        what: 'an HPA metrics outage that ended 45 minutes ago (FailedGetResourceMetric)',
      },
    ],
  },
];

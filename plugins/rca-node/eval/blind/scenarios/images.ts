import { entity } from '../../../src/__testUtils__/kit';
import {
  chronicJson,
  drainedNode,
  neighbourCrash,
  oldSidecarOom,
  sidecar,
} from '../herrings';
import {
  cronJob,
  deployment,
  ev,
  healthyNodes,
  job,
  node,
  NODES,
  pod,
  running,
  statefulSet,
  waiting,
} from '../k8s';
import { pullFailure, scaledUp, scheduled } from '../kubelet';
import { json, log, traffic } from '../telemetry';
import type { BlindScenario } from '../types';

/** Image pulls: tags gone, registries refusing, references that do not parse. */

const REDIS = 'docker.io/bitnami/redis:6.2.7-debian-11-r3';

const redisPod = (ready: boolean) =>
  pod({
    app: 'chatwoot-redis-master',
    name: 'chatwoot-redis-master-0',
    owner: { kind: 'StatefulSet', name: 'chatwoot-redis-master' },
    node: ready ? NODES[2] : NODES[1],
    phase: ready ? 'Running' : 'Pending',
    created: ready ? 'now-60d' : 'now-26m',
    containers: [
      {
        name: 'redis',
        image: REDIS,
        ports: [{ containerPort: 6379, name: 'redis' }],
        state: ready
          ? running('now-60d')
          : waiting('ImagePullBackOff', `Back-off pulling image "${REDIS}"`),
      },
    ],
  });

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-api';

const NGINX = 'docker.io/library/nginx:1.25.4';

const FLINK = 'ghcr.io/apache/flink-kubernetes-operator:2.417603e+06';

export const imageScenarios: BlindScenario[] = [
  // https://github.com/chatwoot/chatwoot/issues/12735 — Bitnami moved its public images to
  // docker.io/bitnamilegacy; a rescheduled Redis pod could no longer pull its pinned tag ("not found").
  {
    name: 'bitnami-redis-tag-removed',
    expected: 'image_tag_not_found',
    source: 'https://github.com/chatwoot/chatwoot/issues/12735',
    entities: [entity('chatwoot-redis-master')],
    objects: [
      ...healthyNodes(),
      statefulSet('chatwoot-redis-master', {
        image: REDIS,
        ready: 0,
        serviceName: 'chatwoot-redis-headless',
      }),
      redisPod(false),
      scheduled('chatwoot-redis-master-0', NODES[1], 'now-26m'),
      ...pullFailure(
        'chatwoot-redis-master-0',
        'redis',
        REDIS,
        `rpc error: code = NotFound desc = failed to pull and unpack image "${REDIS}": failed to resolve reference "${REDIS}": ${REDIS}: not found`,
      ),
      ...drainedNode(NODES[2]),
    ],
    logs: [
      chronicJson(
        'chatwoot-web-5d8f9c7b6d-2xkqp',
        'chatwoot-web',
        'ActionController::RoutingError (No route matches [GET] "/wp-login.php")',
      ),
      log(
        'chatwoot-sidekiq-7c5b9d8f4-q8wzt',
        'chatwoot-sidekiq',
        'error',
        40,
        -25,
        0,
        (i, at) =>
          json(
            at,
            'error',
            'Error connecting to Redis on chatwoot-redis-master:6379 (Errno::ECONNREFUSED)',
            { jid: `a${i}f0c2`, class: 'Redis::CannotConnectError' },
          ),
      ),
    ],
    clusters: {
      staging: {
        objects: [
          ...healthyNodes(),
          statefulSet('chatwoot-redis-master', {
            image: REDIS,
            serviceName: 'chatwoot-redis-headless',
          }),
          redisPod(true),
        ],
      },
    },
    needles: [REDIS, 'chatwoot-redis-master-0'],
    redHerrings: [
      {
        object: NODES[2],
        what: 'the node was drained for an upgrade 30 minutes ago: the move forced a fresh pull, it is not why the pull fails',
      },
      {
        object: 'chatwoot-web',
        what: 'chronic RoutingError for /wp-login.php scans, same rate before the window',
      },
    ],
  },
  // https://github.com/fluxcd/flux2/issues/643 — an ECR token stored in a docker-registry Secret
  // expires after 12 hours; once the refresh CronJob stopped, every new pull was refused.
  {
    name: 'ecr-pull-token-expired',
    expected: 'image_pull_unauthorized',
    source: 'https://github.com/fluxcd/flux2/issues/643',
    entities: [entity('orders-api')],
    objects: [
      ...healthyNodes(),
      ...deployment('orders-api', {
        hash: '6f9c8d7b54',
        image: `${ECR}:2.14.1`,
        prev: { hash: '5b7d6c9f88', image: `${ECR}:2.14.0` },
        created: 'now-18m',
        replicas: 3,
        ready: 3,
        containers: [{ name: 'orders-api', image: `${ECR}:2.14.1` }, sidecar()],
        templateSpec: { imagePullSecrets: [{ name: 'ecr-registry-creds' }] },
        conditions: [
          {
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
            lastTransitionTime: 'now-40d',
          },
          {
            type: 'Progressing',
            status: 'True',
            reason: 'ReplicaSetUpdated',
            message: 'ReplicaSet "orders-api-6f9c8d7b54" is progressing.',
            lastTransitionTime: 'now-18m',
          },
        ],
      }),
      ...['5b7d6c9f88-8kq2x', '5b7d6c9f88-m4v7c', '5b7d6c9f88-zt9wd'].map(
        (s, i) =>
          pod({
            app: 'orders-api',
            name: `orders-api-${s}`,
            owner: { kind: 'ReplicaSet', name: 'orders-api-5b7d6c9f88' },
            node: NODES[i],
            created: 'now-9d',
            containers: [
              { name: 'orders-api', image: `${ECR}:2.14.0` },
              i === 1 ? oldSidecarOom('4d') : sidecar(),
            ],
          }),
      ),
      pod({
        app: 'orders-api',
        name: 'orders-api-6f9c8d7b54-h2lqn',
        owner: { kind: 'ReplicaSet', name: 'orders-api-6f9c8d7b54' },
        node: NODES[0],
        phase: 'Pending',
        created: 'now-18m',
        spec: { imagePullSecrets: [{ name: 'ecr-registry-creds' }] },
        containers: [
          {
            name: 'orders-api',
            image: `${ECR}:2.14.1`,
            state: waiting(
              'ImagePullBackOff',
              `Back-off pulling image "${ECR}:2.14.1"`,
            ),
          },
          { ...sidecar(), state: running('now-17m') },
        ],
      }),
      scaledUp('orders-api', 'orders-api-6f9c8d7b54', 1, 'now-18m'),
      ...pullFailure(
        'orders-api-6f9c8d7b54-h2lqn',
        'orders-api',
        `${ECR}:2.14.1`,
        `rpc error: code = Unknown desc = failed to pull and unpack image "${ECR}:2.14.1": failed to resolve reference "${ECR}:2.14.1": pulling from host 123456789012.dkr.ecr.eu-west-1.amazonaws.com failed with status code [manifests 2.14.1]: 403 Forbidden`,
      ),
      cronJob('ecr-cred-refresh', 'ecr-cred-refresh', {
        schedule: '0 */6 * * *',
        image: 'public.ecr.aws/aws-cli/aws-cli:2.15.30',
        last: 'now-13h',
      }),
      job('ecr-cred-refresh-28937160', 'ecr-cred-refresh', {
        cronJob: 'ecr-cred-refresh',
        image: 'public.ecr.aws/aws-cli/aws-cli:2.15.30',
        failed: 4,
        started: 'now-13h',
        conditions: [
          {
            type: 'Failed',
            status: 'True',
            reason: 'BackoffLimitExceeded',
            message: 'Job has reached the specified backoff limit',
            lastTransitionTime: 'now-12h',
          },
        ],
      }),
      ev(
        'HorizontalPodAutoscaler',
        'orders-api',
        'SuccessfulRescale',
        'New size: 3; reason: All metrics below target',
        {
          type: 'Normal',
          component: 'horizontal-pod-autoscaler',
          first: 'now-50m',
          last: 'now-50m',
        },
      ),
    ],
    logs: [
      log(
        'ecr-cred-refresh-28937160-7x2vk',
        'ecr-cred-refresh',
        'error',
        4,
        -120,
        -118,
        (_i, at) =>
          `${at.toISOString()} An error occurred (UnrecognizedClientException) when calling the GetAuthorizationToken operation: The security token included in the request is invalid.`,
      ),
      chronicJson(
        'orders-api-5b7d6c9f88-8kq2x',
        'orders-api',
        'kafka consumer lag above threshold',
        { topic: 'orders.v1', lag: 1200 },
      ),
    ],
    signals: {
      series: traffic('orders-api-5b7d6c9f88-8kq2x', 'orders-api', () => 0.002),
    },
    needles: ['ecr-registry-creds', `${ECR}:2.14.1`],
    redHerrings: [
      {
        object: 'orders-api-5b7d6c9f88-m4v7c',
        what: 'istio-proxy OOMKilled four days ago, running since',
      },
      {
        object: 'fraud-batch',
        what: 'shared namespace noise: another team crash-looping',
      },
    ],
  },
  // https://github.com/kata-containers/kata-containers/issues/10109 — anonymous pulls from Docker Hub
  // hit "429 Too Many Requests ... toomanyrequests: You have reached your pull rate limit".
  {
    name: 'dockerhub-pull-rate-limit',
    expected: 'image_pull_unauthorized',
    source: 'https://github.com/kata-containers/kata-containers/issues/10109',
    entities: [entity('docs-preview')],
    objects: [
      ...healthyNodes(),
      node('ip-10-42-4-201.eu-west-1.compute.internal'),
      ...deployment('docs-preview', {
        hash: '7d4b9f6c5d',
        image: NGINX,
        replicas: 4,
        ready: 2,
      }),
      ...['7d4b9f6c5d-5qzrp', '7d4b9f6c5d-lw8hx'].map((s, i) =>
        pod({
          app: 'docs-preview',
          name: `docs-preview-${s}`,
          owner: { kind: 'ReplicaSet', name: 'docs-preview-7d4b9f6c5d' },
          node: NODES[i],
          created: 'now-5d',
          containers: [{ name: 'docs-preview', image: NGINX }],
        }),
      ),
      ...['7d4b9f6c5d-c2n9j', '7d4b9f6c5d-x8fkt'].map(s =>
        pod({
          app: 'docs-preview',
          name: `docs-preview-${s}`,
          owner: { kind: 'ReplicaSet', name: 'docs-preview-7d4b9f6c5d' },
          node: 'ip-10-42-4-201.eu-west-1.compute.internal',
          phase: 'Pending',
          created: 'now-21m',
          containers: [
            {
              name: 'docs-preview',
              image: NGINX,
              state: waiting(
                'ErrImagePull',
                'rpc error: code = Unknown desc = failed to pull and unpack image',
              ),
            },
          ],
        }),
      ),
      ...pullFailure(
        'docs-preview-7d4b9f6c5d-c2n9j',
        'docs-preview',
        NGINX,
        `rpc error: code = Unknown desc = failed to pull and unpack image "${NGINX}": failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/library/nginx/manifests/sha256:6db391d1c0cfb30588ba0bf72ea999404f2764febf0f1f196acd5867ac7efa7e: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit`,
      ),
      ev(
        'Pod',
        'docs-preview-7d4b9f6c5d-9wq4k',
        'FailedScheduling',
        '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
        {
          component: 'default-scheduler',
          first: 'now-27m',
          last: 'now-22m',
          count: 6,
        },
      ),
      ev(
        'Pod',
        'docs-preview-7d4b9f6c5d-9wq4k',
        'TriggeredScaleUp',
        'pod triggered scale-up: [{eks-general-2024-03 3->4 (max: 10)}]',
        {
          type: 'Normal',
          component: 'cluster-autoscaler',
          first: 'now-26m',
          last: 'now-26m',
        },
      ),
    ],
    logs: [
      chronicJson(
        'docs-preview-7d4b9f6c5d-5qzrp',
        'docs-preview',
        'open() "/usr/share/nginx/html/favicon.ico" failed (2: No such file or directory)',
      ),
    ],
    needles: [NGINX, 'docs-preview-7d4b9f6c5d-c2n9j'],
    redHerrings: [
      {
        object: 'docs-preview-7d4b9f6c5d-9wq4k',
        what: 'a FailedScheduling (Insufficient cpu) of a since-deleted pod, ended 22 minutes ago when the autoscaler added a node',
      },
      {
        object: 'docs-preview-7d4b9f6c5d-5qzrp',
        what: 'chronic favicon 404s in the nginx error log',
      },
    ],
  },
  // https://github.com/apache/flink-kubernetes-operator/pull/238 — an unquoted numeric commit tag
  // was rendered as 2.417603e+06 by Helm, and the kubelet refused the reference (InvalidImageName).
  {
    name: 'helm-numeric-tag-invalid-name',
    expected: 'invalid_image_name',
    source: 'https://github.com/apache/flink-kubernetes-operator/pull/238',
    entities: [entity('flink-kubernetes-operator')],
    objects: [
      ...healthyNodes(),
      ...deployment('flink-kubernetes-operator', {
        hash: '7b95cdb948',
        image: FLINK,
        replicas: 1,
        ready: 0,
        created: 'now-12m',
      }),
      pod({
        app: 'flink-kubernetes-operator',
        name: 'flink-kubernetes-operator-7b95cdb948-54kj8',
        owner: {
          kind: 'ReplicaSet',
          name: 'flink-kubernetes-operator-7b95cdb948',
        },
        phase: 'Pending',
        node: NODES[1],
        created: 'now-12m',
        containers: [
          {
            name: 'flink-kubernetes-operator',
            image: FLINK,
            state: waiting(
              'InvalidImageName',
              `Failed to apply default image tag "${FLINK}": couldn't parse image reference "${FLINK}": invalid reference format`,
            ),
          },
        ],
      }),
      ev(
        'Pod',
        'flink-kubernetes-operator-7b95cdb948-54kj8',
        'InspectFailed',
        `Failed to apply default image tag "${FLINK}": couldn't parse image reference "${FLINK}": invalid reference format`,
        {
          count: 60,
          first: 'now-12m',
          fieldPath: 'spec.containers{flink-kubernetes-operator}',
        },
      ),
      ev(
        'Pod',
        'flink-kubernetes-operator-7b95cdb948-54kj8',
        'Failed',
        'Error: InvalidImageName',
        {
          count: 60,
          first: 'now-12m',
          fieldPath: 'spec.containers{flink-kubernetes-operator}',
        },
      ),
      ...neighbourCrash(
        'flink-session-taskmanager',
        'flink-session-taskmanager-1-3',
        'java.lang.OutOfMemoryError: Direct buffer memory',
        137,
      ),
      ev(
        'Certificate',
        'flink-operator-serving-cert',
        'Issuing',
        'The certificate has been successfully issued',
        {
          type: 'Normal',
          component: 'cert-manager-certificates-issuing',
          first: 'now-12m',
          last: 'now-12m',
        },
      ),
    ],
    needles: [FLINK],
    redHerrings: [
      {
        object: 'flink-session-taskmanager',
        what: 'a session cluster TaskManager crash-looping on direct memory for days',
      },
      {
        object: 'flink-operator-serving-cert',
        what: 'the webhook certificate was (correctly) re-issued with the release',
      },
    ],
  },
];

import { entity } from '../../../src/__testUtils__/kit';
import { step, wobble } from '../../../src/__testUtils__/signalsKit';
import { chronicJson, clearedHpa } from '../herrings';
import { deployment, ev, healthyNodes, NODES, pod, terminated } from '../k8s';
import { scaledDown, scaledUp } from '../kubelet';
import { json, log, traceId, traffic } from '../telemetry';
import type { BlindScenario } from '../types';

/** Name resolution: cluster DNS down, a resolver that cannot take large answers. */

const AGG = 'registry.example.com/web/aggregation-layer:31.4.0';

const RELAY =
  'registry.example.com/integrations/webhooks-relay:3.0.0-alpine3.17';

const coreDnsPod = (suffix: string, restarts: number) =>
  pod({
    app: 'coredns',
    ns: 'kube-system',
    name: `coredns-5d78c9869d-${suffix}`,
    owner: { kind: 'ReplicaSet', name: 'coredns-5d78c9869d' },
    labels: { 'k8s-app': 'kube-dns' },
    containers: [
      {
        name: 'coredns',
        image: 'registry.k8s.io/coredns/coredns:v1.10.1',
        resources: {
          limits: { memory: '100Mi' },
          requests: { cpu: '100m', memory: '70Mi' },
        },
        restarts,
        state: {
          waiting: {
            reason: 'CrashLoopBackOff',
            message: 'back-off 2m40s restarting failed container=coredns',
          },
        },
        last: terminated('OOMKilled', 137),
      },
    ],
  });

const aggPods = ['7b9c5d6f8-2kx9q', '7b9c5d6f8-h8vmt', '7b9c5d6f8-sz4wd'].map(
  (s, i) =>
    pod({
      app: 'aggregation-layer',
      name: `aggregation-layer-${s}`,
      owner: { kind: 'ReplicaSet', name: 'aggregation-layer-7b9c5d6f8' },
      node: NODES[i],
      created: 'now-4d',
      containers: [{ name: 'aggregation-layer', image: AGG }],
    }),
);

const relayPods = (image: string, hash: string, created: string) =>
  ['q2w8x', 'z7k4m'].map((s, i) =>
    pod({
      app: 'webhooks-relay',
      name: `webhooks-relay-${hash}-${s}`,
      owner: { kind: 'ReplicaSet', name: `webhooks-relay-${hash}` },
      node: NODES[i],
      created,
      containers: [{ name: 'webhooks-relay', image }],
    }),
  );

export const dnsScenarios: BlindScenario[] = [
  // https://kubernetes-on-aws.readthedocs.io/en/latest/postmortems/jan-2019-dns-outage.html — retries
  // spiked DNS queries until CoreDNS (100Mi limit) was OOM-killed in a loop: a total DNS outage. The
  // responder cannot read kube-system here; the app's own logs and metrics carry the cause.
  {
    name: 'coredns-oom-total-dns-outage',
    expected: 'dns_resolution_failure',
    source:
      'https://kubernetes-on-aws.readthedocs.io/en/latest/postmortems/jan-2019-dns-outage.html',
    entities: [entity('aggregation-layer')],
    faults: { forbiddenNamespaces: ['kube-system'] },
    objects: [
      ...healthyNodes(),
      ...deployment('aggregation-layer', {
        hash: '7b9c5d6f8',
        image: AGG,
        created: 'now-4d',
      }),
      ...aggPods,
      coreDnsPod('4xq7v', 11),
      coreDnsPod('vb2nt', 12),
      ...clearedHpa('aggregation-layer', 3, 30, 3),
    ],
    logs: [
      log(
        'aggregation-layer-7b9c5d6f8-2kx9q',
        'aggregation-layer',
        'error',
        160,
        -22,
        0,
        (i, at) =>
          json(
            at,
            'error',
            `request to http://${
              ['catalog-api', 'outfit-api', 'pricing-api'][i % 3]
            }.shop.svc.cluster.local/v2/items failed, reason: getaddrinfo EAI_AGAIN ${
              ['catalog-api', 'outfit-api', 'pricing-api'][i % 3]
            }.shop.svc.cluster.local`,
            { code: 'EAI_AGAIN', trace_id: traceId('agg', i) },
          ),
      ),
      log(
        'aggregation-layer-7b9c5d6f8-h8vmt',
        'aggregation-layer',
        'warn',
        30,
        -21,
        0,
        (_i, at) =>
          json(at, 'warn', 'circuit breaker opened', {
            breaker: 'catalog-api',
            failures: 50,
          }),
      ),
      log(
        'coredns-5d78c9869d-4xq7v',
        'coredns',
        'info',
        20,
        -24,
        0,
        () => '[INFO] plugin/ready: Still waiting on: "kubernetes"',
        'kube-system',
      ),
      chronicJson(
        'aggregation-layer-7b9c5d6f8-sz4wd',
        'aggregation-layer',
        'upstream socket hang up',
        { code: 'ECONNRESET', upstream: 'reviews-api' },
      ),
    ],
    signals: {
      series: [
        ...traffic(
          'aggregation-layer-7b9c5d6f8-2kx9q',
          'aggregation-layer',
          wobble(step(-22, 0.004, 0.46), 0.1),
          60,
        ),
        {
          metric: {
            __name__: 'coredns_dns_requests_total',
            namespace: 'kube-system',
            pod: 'coredns-5d78c9869d-4xq7v',
            type: 'A',
          },
          counter: true,
          curve: step(-25, 900, 7200),
        },
      ],
    },
    needles: ['coredns', 'catalog-api.shop.svc.cluster.local'],
    redHerrings: [
      {
        object: 'aggregation-layer-7b9c5d6f8-sz4wd',
        what: 'chronic socket hang-ups to reviews-api, same rate before the window',
      },
      {
        object: 'HorizontalPodAutoscaler shop/aggregation-layer',
        what: 'an HPA metrics outage that ended 45 minutes ago',
      },
    ],
  },
  // https://christoph.luppri.ch/fixing-dns-resolution-for-ruby-on-alpine-linux — after moving a Ruby
  // service to an Alpine base image, production failed to resolve a partner host whose answer (30+
  // records) musl could not take over UDP; staging, with small answers, was fine.
  {
    name: 'alpine-musl-large-dns-answer',
    expected: 'dns_resolution_failure',
    source:
      'https://christoph.luppri.ch/fixing-dns-resolution-for-ruby-on-alpine-linux',
    entities: [entity('webhooks-relay')],
    objects: [
      ...healthyNodes(),
      ...deployment('webhooks-relay', {
        hash: '8c6d9f7b5d',
        image: RELAY,
        prev: {
          hash: '6f7b8d9c4f',
          image:
            'registry.example.com/integrations/webhooks-relay:2.9.4-bullseye',
        },
        created: 'now-31m',
        replicas: 2,
      }),
      ...relayPods(RELAY, '8c6d9f7b5d', 'now-31m'),
      scaledUp('webhooks-relay', 'webhooks-relay-8c6d9f7b5d', 2, 'now-31m'),
      scaledDown('webhooks-relay', 'webhooks-relay-6f7b8d9c4f', 0, 'now-30m'),
      ev(
        'Pod',
        'webhooks-relay-6f7b8d9c4f-m3kq8',
        'Killing',
        'Stopping container webhooks-relay',
        {
          type: 'Normal',
          first: 'now-30m',
          last: 'now-30m',
          fieldPath: 'spec.containers{webhooks-relay}',
        },
      ),
      ...clearedHpa('webhooks-relay', 2, 8, 2),
    ],
    logs: [
      log(
        'webhooks-relay-8c6d9f7b5d-q2w8x',
        'webhooks-relay',
        'error',
        90,
        -29,
        0,
        (i, at) =>
          `E, [${at.toISOString()} #1] ERROR -- : [${traceId('relay', i).slice(
            0,
            8,
          )}] Faraday::ConnectionFailed: Failed to open TCP connection to partner-gateway.internal.example.com:443 (getaddrinfo: Name does not resolve)`,
      ),
      chronicJson(
        'webhooks-relay-8c6d9f7b5d-z7k4m',
        'webhooks-relay',
        'Sidekiq retry exhausted for DeliveryJob',
        { job: 'DeliveryJob', error_class: 'Net::ReadTimeout' },
      ),
    ],
    signals: {
      series: traffic(
        'webhooks-relay-8c6d9f7b5d-q2w8x',
        'webhooks-relay',
        step(-29, 0.01, 0.64),
        12,
      ),
    },
    clusters: {
      staging: {
        objects: [
          ...healthyNodes(),
          ...deployment('webhooks-relay', {
            hash: '8c6d9f7b5d',
            image: RELAY,
            created: 'now-2d',
            replicas: 2,
          }),
          ...relayPods(RELAY, '8c6d9f7b5d', 'now-2d'),
        ],
      },
    },
    needles: ['partner-gateway.internal.example.com', RELAY],
    redHerrings: [
      {
        object: 'webhooks-relay-8c6d9f7b5d-z7k4m',
        what: 'chronic Sidekiq retry exhaustion from a slow partner',
      },
      {
        object: 'HorizontalPodAutoscaler shop/webhooks-relay',
        what: 'an HPA metrics outage that ended 45 minutes ago',
      },
    ],
  },
];

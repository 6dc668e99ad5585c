import { entity } from '../../../src/__testUtils__/kit';
import {
  chronicJson,
  chronicLogfmt,
  clearedHpa,
  certRenewed,
  oldSidecarOom,
  sidecar,
} from '../herrings';
import {
  deployment,
  endpoints,
  ev,
  healthyNodes,
  NODES,
  obj,
  pod,
  service,
} from '../k8s';
import { probeFailures, scaledDown } from '../kubelet';
import { envoy, klog, log, logfmt, traceId, traffic } from '../telemetry';
import type { BlindScenario } from '../types';

/** NetworkPolicies and Service selectors. */

const SYNC = 'registry.example.com/catalog/catalog-sync:1.12.3';

const RUNLORE = 'ghcr.io/smana/runlore:0.9.0';

const CART = 'registry.example.com/commerce/cart-api:2.0.0';

const policy = (name: string, spec: Record<string, unknown>, created: string) =>
  obj('networking.k8s.io/v1', 'NetworkPolicy', name, { spec }, { created });

export const policyScenarios: BlindScenario[] = [
  // https://github.com/kubernetes/website/issues/54997 — a default deny-all policy that covers egress
  // also blocks DNS unless another policy allows egress to kube-dns; the app only reports timeouts.
  {
    name: 'default-deny-egress-blocks-dns',
    expected: 'networkpolicy_blocking',
    source: 'https://github.com/kubernetes/website/issues/54997',
    entities: [entity('catalog-sync')],
    objects: [
      ...healthyNodes(),
      ...deployment('catalog-sync', {
        hash: '6d5c8b9f7d',
        image: SYNC,
        created: 'now-9d',
        replicas: 2,
        ready: 0,
      }),
      ...['6d5c8b9f7d-kx2r9', '6d5c8b9f7d-pw7n4'].map((s, i) =>
        pod({
          app: 'catalog-sync',
          name: `catalog-sync-${s}`,
          owner: { kind: 'ReplicaSet', name: 'catalog-sync-6d5c8b9f7d' },
          node: NODES[i],
          created: 'now-9d',
          containers: [
            {
              name: 'catalog-sync',
              image: SYNC,
              ready: false,
              readinessProbe: { httpGet: { path: '/readyz', port: 8080 } },
            },
          ],
        }),
      ),
      ...probeFailures(
        'catalog-sync-6d5c8b9f7d-kx2r9',
        'catalog-sync',
        'Readiness',
        'HTTP probe failed with statuscode: 503',
        80,
        'now-18m',
      ),
      policy(
        'default-deny-all',
        { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
        'now-19m',
      ),
      policy(
        'allow-catalog-ingress',
        {
          podSelector: {
            matchLabels: { 'app.kubernetes.io/name': 'catalog-sync' },
          },
          policyTypes: ['Ingress'],
          ingress: [
            {
              from: [
                {
                  namespaceSelector: {
                    matchLabels: {
                      'kubernetes.io/metadata.name': 'ingress-nginx',
                    },
                  },
                },
              ],
              ports: [{ port: 8080, protocol: 'TCP' }],
            },
          ],
        },
        'now-19m',
      ),
      policy(
        'allow-prometheus-scrape',
        {
          podSelector: {},
          policyTypes: ['Ingress'],
          ingress: [
            {
              from: [
                {
                  namespaceSelector: {
                    matchLabels: {
                      'kubernetes.io/metadata.name': 'monitoring',
                    },
                  },
                },
              ],
              ports: [{ port: 9090, protocol: 'TCP' }],
            },
          ],
        },
        'now-200d',
      ),
      ...certRenewed('catalog-sync-webhook'),
    ],
    logs: [
      log(
        'catalog-sync-6d5c8b9f7d-kx2r9',
        'catalog-sync',
        'error',
        120,
        -18,
        0,
        (i, at) =>
          logfmt(at, 'error', 'sync cycle failed', {
            err: `dial tcp: lookup catalog-db.shop.svc.cluster.local on 10.96.0.10:53: read udp 10.244.1.12:${
              43000 + i
            }->10.96.0.10:53: i/o timeout`,
            cycle: 8812 + i,
          }),
      ),
      chronicLogfmt(
        'catalog-sync-6d5c8b9f7d-pw7n4',
        'catalog-sync',
        'skipping product with empty sku',
        { supplier: 'acme' },
      ),
    ],
    clusters: {
      'prod-eu': {
        objects: [
          ...healthyNodes(),
          ...deployment('catalog-sync', {
            hash: '6d5c8b9f7d',
            image: SYNC,
            created: 'now-9d',
            replicas: 2,
          }),
          pod({
            app: 'catalog-sync',
            name: 'catalog-sync-6d5c8b9f7d-b8m2t',
            owner: { kind: 'ReplicaSet', name: 'catalog-sync-6d5c8b9f7d' },
            created: 'now-9d',
            containers: [{ name: 'catalog-sync', image: SYNC }],
          }),
          policy(
            'allow-prometheus-scrape',
            { podSelector: {}, policyTypes: ['Ingress'] },
            'now-200d',
          ),
        ],
      },
    },
    needles: ['default-deny-all', 'kube-dns'],
    redHerrings: [
      {
        object: 'allow-prometheus-scrape',
        what: 'an old, benign ingress policy for scraping',
      },
      {
        object: 'catalog-sync-webhook',
        what: 'a certificate renewed on schedule 35 minutes ago',
      },
    ],
  },
  // https://github.com/Smana/runlore/pull/50 — the egress policy allowed hubble-relay's Service port
  // 80 while Cilium enforces the backend port 4245 after DNAT: every call was dropped (i/o timeout).
  {
    name: 'egress-policy-service-port-not-backend-port',
    expected: 'networkpolicy_blocking',
    source: 'https://github.com/Smana/runlore/pull/50',
    entities: [entity('runlore')],
    objects: [
      ...healthyNodes(),
      ...deployment('runlore', {
        hash: '7c8d6b5f9b',
        image: RUNLORE,
        created: 'now-3d',
        replicas: 1,
      }),
      pod({
        app: 'runlore',
        name: 'runlore-7c8d6b5f9b-9vq2k',
        owner: { kind: 'ReplicaSet', name: 'runlore-7c8d6b5f9b' },
        created: 'now-3d',
        containers: [{ name: 'runlore', image: RUNLORE }],
      }),
      policy(
        'runlore-egress',
        {
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'runlore' } },
          policyTypes: ['Egress'],
          egress: [
            {
              to: [
                {
                  namespaceSelector: {
                    matchLabels: {
                      'kubernetes.io/metadata.name': 'kube-system',
                    },
                  },
                  podSelector: { matchLabels: { 'k8s-app': 'hubble-relay' } },
                },
              ],
              ports: [{ port: 80, protocol: 'TCP' }],
            },
            {
              to: [
                {
                  namespaceSelector: {},
                  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
                },
              ],
              ports: [{ port: 53, protocol: 'UDP' }],
            },
          ],
        },
        'now-26m',
      ),
      service(
        'hubble-relay',
        { 'k8s-app': 'hubble-relay' },
        [{ name: 'grpc', port: 80, targetPort: 4245, protocol: 'TCP' }],
        'kube-system',
      ),
      ev(
        'HelmRelease',
        'harbor',
        'InstallFailed',
        'Helm install failed for release registry/harbor with chart harbor@1.14.0: context deadline exceeded',
        { component: 'helm-controller', first: 'now-6h', last: 'now-6h' },
      ),
    ],
    logs: [
      log('runlore-7c8d6b5f9b-9vq2k', 'runlore', 'error', 60, -24, 0, (i, at) =>
        logfmt(at, 'error', 'tool call failed', {
          tool: 'network_drops',
          err: 'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 10.96.112.7:80: i/o timeout"',
          investigation: `inv-${400 + (i % 7)}`,
        }),
      ),
      chronicLogfmt(
        'runlore-7c8d6b5f9b-9vq2k',
        'runlore',
        'kb_search returned no documents',
        { query: 'helmrelease' },
      ),
    ],
    needles: ['runlore-egress', '4245'],
    redHerrings: [
      {
        object: 'harbor',
        what: 'the HelmRelease failure the investigator was asked about, six hours old',
      },
      {
        object: 'hubble-relay',
        what: 'the relay Service itself is healthy; only the policy port is wrong',
      },
    ],
  },
  // https://kubernetes.io/docs/tasks/debug/debug-application/debug-service/ — "Does the Service have any
  // Endpoints?": a chart refactor moved the pods to new labels; the Service still selects the old ones.
  {
    name: 'service-selector-after-chart-refactor',
    expected: 'service_selector_mismatch',
    source:
      'https://kubernetes.io/docs/tasks/debug/debug-application/debug-service/',
    entities: [entity('cart-api')],
    objects: [
      ...healthyNodes(),
      ...deployment('cart-api', {
        hash: '5c9f7b8d6d',
        image: CART,
        prev: {
          hash: '84d6b9c7f5',
          image: 'registry.example.com/commerce/cart-api:1.9.7',
        },
        created: 'now-25m',
        replicas: 2,
        containers: [{ name: 'cart-api', image: CART }, sidecar()],
      }),
      ...['5c9f7b8d6d-7tq4z', '5c9f7b8d6d-n2xjw'].map((s, i) =>
        pod({
          app: 'cart-api',
          name: `cart-api-${s}`,
          owner: { kind: 'ReplicaSet', name: 'cart-api-5c9f7b8d6d' },
          node: NODES[i],
          created: 'now-25m',
          containers: [
            { name: 'cart-api', image: CART },
            i ? sidecar() : oldSidecarOom('5h'),
          ],
        }),
      ),
      service('cart-api', { app: 'cart-api', tier: 'backend' }),
      endpoints('cart-api', []),
      scaledDown('cart-api', 'cart-api-84d6b9c7f5', 0, 'now-23m'),
      ...clearedHpa('cart-api', 2, 10, 2),
    ],
    logs: [
      log(
        'ingress-nginx-controller-7d9f5b6c8-hx2lq',
        'controller',
        'warn',
        70,
        -23,
        0,
        (_i, at) =>
          klog(
            at,
            'W',
            'controller.go:1214',
            'Service "shop/cart-api" does not have any active Endpoint.',
            7,
          ),
        'ingress-nginx',
      ),
      log(
        'storefront-6b8c9d7f5-qw4ex',
        'istio-proxy',
        'info',
        90,
        -23,
        0,
        (i, at) =>
          envoy(at, {
            method: 'POST',
            path: '/api/cart/items',
            code: 503,
            flags: 'UH',
            details: 'no_healthy_upstream',
            upstream: 'cart-api.shop.svc.cluster.local:80',
            cluster: '-',
            ms: 0,
            bytes: 19,
            trace: traceId('cart', i),
          }),
      ),
      chronicJson(
        'cart-api-5c9f7b8d6d-n2xjw',
        'cart-api',
        'promotion engine returned empty ruleset',
        { region: 'eu' },
      ),
    ],
    signals: {
      series: traffic('cart-api-5c9f7b8d6d-7tq4z', 'cart-api', () => 0, 0.01),
    },
    needles: ['cart-api', 'tier'],
    redHerrings: [
      {
        object: 'cart-api-5c9f7b8d6d-7tq4z',
        what: 'its istio-proxy restarted once after an OOMKill (a few hours ago)',
      },
      {
        object: 'cart-api-84d6b9c7f5',
        what: 'the rollout itself completed cleanly; pods are Ready',
      },
    ],
  },
];

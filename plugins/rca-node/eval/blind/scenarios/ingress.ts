import { entity } from '../../../src/__testUtils__/kit';
import { step, wobble } from '../../../src/__testUtils__/signalsKit';
import {
  certRenewed,
  chronicJson,
  chronicKlog,
  neighbourCrash,
  oldSidecarOom,
  sidecar,
} from '../herrings';
import { deployment, ev, healthyNodes, NODES, obj, pod, service } from '../k8s';
import { json, klog, log, traceId, traffic } from '../telemetry';
import type { BlindScenario } from '../types';

/** The edge and TLS: Ingress classes, certificates, a dependency serving an expired certificate. */

const STORE = 'registry.example.com/web/storefront:12.3.0';

const PORTAL = 'registry.example.com/partners/partner-portal:4.1.0';

const PAY = 'registry.example.com/payments/payments:9.4.2';

const LEDGER = 'registry.example.com/payments/ledger-api:3.8.0';

const ingress = (
  name: string,
  spec: Record<string, unknown>,
  annotations?: Record<string, string>,
) =>
  obj(
    'networking.k8s.io/v1',
    'Ingress',
    name,
    {
      spec,
      status: {
        loadBalancer: {
          ingress: [
            { hostname: 'a1b2c3d4e5f6-1234567890.eu-west-1.elb.amazonaws.com' },
          ],
        },
      },
    },
    { labels: { 'backstage.io/kubernetes-id': name }, annotations },
  );

const ingressClass = (name: string) =>
  obj(
    'networking.k8s.io/v1',
    'IngressClass',
    name,
    { spec: { controller: 'k8s.io/ingress-nginx' } },
    { ns: null, created: 'now-400d' },
  );

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

const nginxLog = (host: string, code: number) => (i: number, at: Date) =>
  `203.0.113.${
    (i % 200) + 1
  } - - [${at.toUTCString()}] "GET / HTTP/2.0" ${code} 548 "-" "Mozilla/5.0 (X11; Linux x86_64)" 312 0.000 [upstream-default-backend] [] - - - - ${traceId(
    host,
    i,
  )}`;

export const ingressScenarios: BlindScenario[] = [
  // https://github.com/kubernetes/ingress-nginx/issues/7850 — after migrating the controller to v1.0.x
  // every Ingress without a valid IngressClass was ignored and the site answered 404.
  {
    name: 'ingress-ignored-after-controller-v1',
    expected: 'ingress_misconfigured',
    source: 'https://github.com/kubernetes/ingress-nginx/issues/7850',
    entities: [entity('storefront')],
    objects: [
      ...healthyNodes(),
      ...deployment('storefront', {
        hash: '6b8c9d7f5',
        image: STORE,
        created: 'now-5d',
        replicas: 3,
      }),
      ...web('storefront', STORE, '6b8c9d7f5', ['qw4ex', 'b7m2k', 'j9t3r']),
      service('storefront', { 'app.kubernetes.io/name': 'storefront' }),
      ingress(
        'storefront',
        {
          rules: [
            {
              host: 'shop.example.com',
              http: {
                paths: [
                  {
                    path: '/',
                    pathType: 'Prefix',
                    backend: {
                      service: { name: 'storefront', port: { number: 80 } },
                    },
                  },
                ],
              },
            },
          ],
          tls: [
            { hosts: ['shop.example.com'], secretName: 'shop-example-com-tls' },
          ],
        },
        { 'kubernetes.io/ingress.class': 'nginx-public' },
      ),
      ingressClass('nginx'),
      ...certRenewed('shop-example-com-tls'),
      ev('Job', 'ingress-nginx-admission-patch', 'Completed', 'Job completed', {
        ns: 'ingress-nginx',
        type: 'Normal',
        component: 'job-controller',
        first: 'now-21m',
        last: 'now-21m',
      }),
    ],
    logs: [
      log(
        'ingress-nginx-controller-5c9d8b7f6-tq8wz',
        'controller',
        'info',
        1,
        -21,
        -20,
        (_i, at) =>
          klog(
            at,
            'I',
            'main.go:104',
            '"Starting NGINX Ingress controller" version="v1.0.4"',
            7,
          ),
        'ingress-nginx',
      ),
      log(
        'ingress-nginx-controller-5c9d8b7f6-tq8wz',
        'controller',
        'info',
        40,
        -20,
        0,
        (_i, at) =>
          klog(
            at,
            'I',
            'store.go:426',
            '"Ignoring ingress because of error while validating ingress class" ingress="shop/storefront" error="ingress does not contain a valid IngressClass"',
            7,
          ),
        'ingress-nginx',
      ),
      log(
        'ingress-nginx-controller-5c9d8b7f6-tq8wz',
        'controller',
        'info',
        150,
        -20,
        0,
        nginxLog('shop', 404),
        'ingress-nginx',
      ),
      chronicKlog(
        'ingress-nginx-controller-5c9d8b7f6-tq8wz',
        'controller',
        'backend_ssl.go:47',
        'Error obtaining X.509 certificate: unexpected error creating SSL Cert: no valid PEM formatted block found',
      ),
    ],
    signals: {
      series: traffic(
        'storefront-6b8c9d7f5-qw4ex',
        'storefront',
        () => 0.002,
        0.01,
      ),
    },
    needles: ['nginx-public', 'IngressClass'],
    redHerrings: [
      {
        object: 'shop-example-com-tls',
        what: 'the TLS certificate was renewed on schedule 35 minutes ago',
      },
      {
        object: 'ingress-nginx-admission-patch',
        what: 'the controller upgrade hook Job completed normally',
      },
      {
        object: 'storefront-6b8c9d7f5-qw4ex',
        what: 'its istio-proxy was OOMKilled two days ago',
      },
    ],
  },
  // https://github.com/k8sgpt-ai/k8sgpt/blob/main/pkg/analyzer/ingress.go — an Ingress whose TLS Secret
  // does not exist: cert-manager's order failed, so ingress-nginx served its fake default certificate.
  {
    name: 'ingress-tls-secret-never-issued',
    expected: 'ingress_misconfigured',
    source:
      'https://github.com/k8sgpt-ai/k8sgpt/blob/main/pkg/analyzer/ingress.go',
    entities: [entity('partner-portal')],
    objects: [
      ...healthyNodes(),
      ...deployment('partner-portal', {
        hash: '7d8f9c6b5d',
        image: PORTAL,
        created: 'now-3d',
        replicas: 2,
      }),
      ...web('partner-portal', PORTAL, '7d8f9c6b5d', ['x2v9q', 'm8k4t']),
      service('partner-portal', { 'app.kubernetes.io/name': 'partner-portal' }),
      ingress(
        'partner-portal',
        {
          ingressClassName: 'nginx',
          rules: [
            {
              host: 'partners.example.com',
              http: {
                paths: [
                  {
                    path: '/',
                    pathType: 'Prefix',
                    backend: {
                      service: { name: 'partner-portal', port: { number: 80 } },
                    },
                  },
                ],
              },
            },
          ],
          tls: [
            {
              hosts: ['partners.example.com'],
              secretName: 'partner-portal-tls',
            },
          ],
        },
        { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' },
      ),
      ingressClass('nginx'),
      ev(
        'Certificate',
        'partner-portal-tls',
        'Failed',
        'The certificate request has failed to complete and will be retried: Failed to wait for order resource "partner-portal-tls-1-2791416305" to become ready: order is in "errored" state: Failed to create Order: 429 urn:ietf:params:acme:error:rateLimited: too many certificates already issued for "example.com"',
        {
          component: 'cert-manager-certificates-issuing',
          first: 'now-40m',
          last: 'now-8m',
          count: 4,
        },
      ),
      ...certRenewed('api-example-com-tls'),
    ],
    logs: [
      log(
        'ingress-nginx-controller-5c9d8b7f6-tq8wz',
        'controller',
        'warn',
        40,
        -40,
        0,
        (_i, at) =>
          klog(
            at,
            'W',
            'backend_ssl.go:46',
            'Error obtaining X.509 certificate: no object matching key "shop/partner-portal-tls" in local store',
            7,
          ),
        'ingress-nginx',
      ),
      log(
        'ingress-nginx-controller-5c9d8b7f6-tq8wz',
        'controller',
        'warn',
        40,
        -40,
        0,
        (_i, at) =>
          klog(
            at,
            'W',
            'controller.go:1372',
            'Error getting SSL certificate "shop/partner-portal-tls": local SSL certificate shop/partner-portal-tls was not found. Using default certificate',
            7,
          ),
        'ingress-nginx',
      ),
      chronicJson(
        'partner-portal-7d8f9c6b5d-m8k4t',
        'partner-portal',
        'session expired for partner account',
        { partner: 'p-1182' },
      ),
    ],
    signals: {
      series: traffic(
        'partner-portal-7d8f9c6b5d-x2v9q',
        'partner-portal',
        () => 0.001,
        6,
      ),
    },
    needles: ['partner-portal-tls'],
    redHerrings: [
      {
        object: 'api-example-com-tls',
        what: 'another certificate renewed fine 35 minutes ago',
      },
      {
        object: 'partner-portal-7d8f9c6b5d-m8k4t',
        what: 'chronic session-expiry errors',
      },
    ],
  },
  // https://github.com/stackabletech/secret-operator/pull/752 — certificates injected from cert-manager
  // were never followed by a pod restart, so ledger-api kept serving its expired certificate and its
  // callers failed with x509 errors: payments is the victim of its dependency.
  {
    name: 'upstream-serving-cert-expired',
    expected: 'upstream_dependency_failure',
    source: 'https://github.com/stackabletech/secret-operator/pull/752',
    entities: [
      entity('payments', ['component:default/ledger-api']),
      entity('ledger-api'),
    ],
    objects: [
      ...healthyNodes(),
      ...deployment('payments', {
        hash: '5f8b7c6d9c',
        image: PAY,
        created: 'now-2d',
        replicas: 3,
      }),
      ...web('payments', PAY, '5f8b7c6d9c', ['h7q2w', 'n4x8z', 't2k9m']),
      ...deployment('ledger-api', {
        hash: '6c7d9b8f5b',
        image: LEDGER,
        created: 'now-91d',
        replicas: 2,
        volumes: [{ name: 'tls', secret: { secretName: 'ledger-api-tls' } }],
      }),
      ...['6c7d9b8f5b-2mzq4', '6c7d9b8f5b-wq7xk'].map((s, i) =>
        pod({
          app: 'ledger-api',
          name: `ledger-api-${s}`,
          owner: { kind: 'ReplicaSet', name: 'ledger-api-6c7d9b8f5b' },
          node: NODES[i],
          created: 'now-91d',
          volumes: [{ name: 'tls', secret: { secretName: 'ledger-api-tls' } }],
          containers: [{ name: 'ledger-api', image: LEDGER }],
        }),
      ),
      ...certRenewed('ledger-api-tls'),
      ...neighbourCrash(
        'fx-rates-poller',
        'fx-rates-poller-6d5b8c9f7-r2p8v',
        'panic: runtime error: index out of range [0] with length 0',
      ),
    ],
    logs: [
      log(
        'payments-5f8b7c6d9c-h7q2w',
        'payments',
        'error',
        130,
        -21,
        0,
        (i, at) =>
          json(at, 'error', 'ledger booking failed', {
            err: 'Post "https://ledger-api.shop.svc.cluster.local:8443/v1/entries": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time is after the certificate NotAfter',
            trace_id: traceId('pay', i),
            span_id: traceId('span', i).slice(0, 16),
          }),
      ),
      log(
        'ledger-api-6c7d9b8f5b-2mzq4',
        'ledger-api',
        'warn',
        130,
        -21,
        0,
        (i, at) =>
          `${at.toISOString()} http: TLS handshake error from 10.244.${i % 3}.${
            40 + (i % 20)
          }:5${1000 + i}: remote error: tls: bad certificate`,
      ),
      chronicJson(
        'payments-5f8b7c6d9c-n4x8z',
        'payments',
        'fraud score timeout, defaulting to review',
        { provider: 'internal-fraud' },
      ),
    ],
    signals: {
      series: [
        ...traffic(
          'payments-5f8b7c6d9c-h7q2w',
          'payments',
          wobble(step(-21, 0.003, 0.57), 0.1),
          30,
        ),
        ...traffic(
          'ledger-api-6c7d9b8f5b-2mzq4',
          'ledger-api',
          () => 0.001,
          20,
        ),
      ],
    },
    needles: ['ledger-api', 'ledger-api-tls'],
    redHerrings: [
      {
        object: 'fx-rates-poller',
        what: 'an unrelated poller crash-looping in the namespace',
      },
      {
        object: 'payments-5f8b7c6d9c-h7q2w',
        what: 'its istio-proxy was OOMKilled two days ago',
      },
    ],
  },
];

import type {
  V1Deployment,
  V1Endpoints,
  V1Pod,
  V1Service,
} from '@kubernetes/client-node';
import { EvidenceLedger, FactStore } from '../../contracts';
import {
  KUBERNETES_FACTS,
  type TargetObjects,
} from '../../sources/kubernetes/kubeFacts';
import { describePeer } from './describePeer';
import { peersIn } from './peerRefs';
import { peersClause } from './peersClause';
import {
  clusterName,
  mountedSecrets,
  resolvePeer,
  similarNames,
} from './resolvePeer';
import { snapshotObjects } from './snapshotObjects';

const NS = 'store';

function service(name: string, spec: V1Service['spec'], ns = NS): V1Service {
  return { metadata: { name, namespace: ns }, spec };
}

function pod(
  name: string,
  labels: Record<string, string>,
  extra: Partial<NonNullable<V1Pod['spec']>> = {},
  podIP?: string,
): V1Pod {
  return {
    metadata: { name, namespace: NS, labels },
    spec: { containers: [{ name: 'app' }], ...extra },
    status: podIP ? { podIP } : {},
  };
}

/** A target of the snapshot with only the lists the peer lookup reads. */
function target(
  entityRef: string,
  o: {
    services?: V1Service[];
    namespaceServices?: V1Service[];
    pods?: V1Pod[];
    deployments?: V1Deployment[];
    namespaceEndpoints?: V1Endpoints[];
  },
): TargetObjects {
  return {
    target: { entityRef, role: 'dependency' },
    namespaces: [NS],
    services: [],
    namespaceServices: [],
    pods: [],
    deployments: [],
    statefulSets: [],
    daemonSets: [],
    ...o,
  } as unknown as TargetObjects;
}

function factsOf(...targets: TargetObjects[]): FactStore {
  const facts = new FactStore();
  facts.set(KUBERNETES_FACTS, {
    clusters: [
      { cluster: 'prod', targets, namespaceWarnings: [], nodes: new Map() },
    ],
  });
  return facts;
}

const ledgerPods = [
  pod(
    'ledger-7c9-abcde',
    { app: 'ledger' },
    {
      containers: [
        { name: 'app', ports: [{ name: 'grpc', containerPort: 9443 }] },
      ],
      volumes: [
        { name: 'tls', secret: { secretName: 'ledger-serving-cert' } },
        {
          name: 'kube-api-access-x2',
          projected: {
            sources: [
              { serviceAccountToken: { path: 'token' } },
              { configMap: { name: 'kube-root-ca.crt' } },
            ],
          },
        },
        { name: 'legacy', secret: { secretName: 'default-token-k2x9q' } },
      ],
    },
    '10.244.3.21',
  ),
];
const namespaceServices = [
  service('ledger', {
    type: 'ClusterIP',
    clusterIP: '10.96.40.8',
    selector: { app: 'ledger' },
    ports: [
      { port: 443, targetPort: 'grpc' as never },
      { port: 80, targetPort: 8080 as never },
    ],
  }),
  service('billing-mysql', {
    clusterIP: '10.96.40.9',
    ports: [{ port: 3306 }],
  }),
  service('redis-master', { clusterIP: '10.96.40.10' }),
  service('card-vault', {
    type: 'ExternalName',
    externalName: 'vault.payments.example.net',
  }),
  service('legacy-db', { clusterIP: '10.96.40.11', ports: [{ port: 5432 }] }),
];
const legacyEndpoints: V1Endpoints = {
  metadata: { name: 'legacy-db', namespace: NS },
  subsets: [{ addresses: [{ ip: '172.31.9.40' }], ports: [{ port: 5432 }] }],
};
const facts = factsOf(
  target('component:default/checkout', {
    namespaceServices,
    namespaceEndpoints: [legacyEndpoints],
  }),
  target('component:default/ledger', {
    services: [namespaceServices[0]],
    namespaceServices,
    pods: ledgerPods,
  }),
);
const objects = snapshotObjects(facts.get(KUBERNETES_FACTS));

describe('peersIn', () => {
  it('reads the endpoints a client names, with the ports it called', () => {
    expect(
      peersIn(
        [
          'Post "https://ledger.store.svc.cluster.local/v1/entries": EOF',
          'dial tcp 10.96.40.8:443: i/o timeout',
          'jdbc:mysql://billing-mysql:3306/billing failed',
          "HTTPConnectionPool(host='redis-master', port=6379): Max retries",
        ].join('\n'),
      ),
    ).toEqual([
      {
        host: 'ledger.store.svc.cluster.local',
        port: 443,
        dnsFailure: false,
      },
      { host: 'billing-mysql', port: 3306, dnsFailure: false },
      { host: 'redis-master', port: 6379, dnsFailure: false },
      { host: '10.96.40.8', port: 443, dnsFailure: false },
    ]);
  });

  it('reads the names that did not resolve, and leaves the resolver out', () => {
    const found = peersIn(
      [
        'dial tcp: lookup orders-db.store.svc.cluster.local on 10.96.0.10:53: no such host',
        'java.net.UnknownHostException: postgres',
        'Error: getaddrinfo ENOTFOUND redis-cache',
        'could not translate host name "pg-main" to address: Name or service not known',
      ].join('\n'),
    );
    expect(found).toEqual([
      {
        host: 'orders-db.store.svc.cluster.local',
        port: undefined,
        dnsFailure: true,
      },
      { host: 'postgres', port: undefined, dnsFailure: true },
      { host: 'redis-cache', port: undefined, dnsFailure: true },
      { host: 'pg-main', port: undefined, dnsFailure: true },
    ]);
  });

  it('is not fooled by times, local ends, stack frames or loopback', () => {
    expect(
      peersIn(
        [
          '2024-05-01T10:30:45Z read tcp 10.244.1.5:41234->10.96.40.9:3306: connection reset',
          'at com.shop.Client.call(Client.java:45)',
          'listening on 127.0.0.1:8080 and localhost:9090',
          'level=error host=checkout-7d9f-x2 msg="cache lookup failed: key absent" err="no such host"',
        ].join('\n'),
      ),
    ).toEqual([{ host: '10.96.40.9', port: 3306, dnsFailure: false }]);
  });

  it('takes only the resolver of a lookup for a resolver', () => {
    expect(
      peersIn(
        'lookup ledger on 10.96.0.10:53: read udp: i/o timeout; retry on ledger-backup:8443 refused',
      ),
    ).toEqual([
      { host: 'ledger-backup', port: 8443, dnsFailure: false },
      { host: 'ledger', port: undefined, dnsFailure: true },
    ]);
  });

  it('keeps the port of a name seen with and without one, and that it failed to resolve', () => {
    expect(
      peersIn(
        'dial tcp: lookup cache on 10.96.0.10:53: no such host (cache:6379)',
      ),
    ).toEqual([{ host: 'cache', port: 6379, dnsFailure: true }]);
  });
});

describe('clusterName', () => {
  const namespaces = new Set([NS]);
  it.each([
    ['ledger', { name: 'ledger', namespace: 'caller' }],
    ['ledger.store', { name: 'ledger', namespace: NS }],
    ['ledger.store.svc', { name: 'ledger', namespace: NS }],
    ['ledger.store.svc.cluster.local', { name: 'ledger', namespace: NS }],
    [
      'db-0.db-headless.store.svc.cluster.local',
      { name: 'db-headless', namespace: NS },
    ],
    ['api.example.com', undefined],
    ['10.96.40.8', undefined],
  ])('%s', (host, expected) => {
    expect(clusterName(host, 'caller', namespaces)).toEqual(expected);
  });
});

describe('similarNames', () => {
  it('finds a name as a token, a substring or a typo of a Service name', () => {
    const names = namespaceServices.map(s => s.metadata!.name!);
    expect(similarNames('mysql', names)).toEqual(['billing-mysql']);
    expect(similarNames('redis', names)).toEqual(['redis-master']);
    expect(similarNames('ledgr', names)).toEqual(['ledger']);
    expect(similarNames('kafka', names)).toEqual([]);
  });
});

describe('resolvePeer', () => {
  const describe1 = (text: string, tls = false) =>
    peersIn(text).map(p => {
      const r = resolvePeer(objects, p, NS, tls);
      return r && describePeer(r, NS);
    });

  it('names the Service behind a ClusterIP and the pod port a named targetPort lands on', () => {
    expect(describe1('dial tcp 10.96.40.8:443: i/o timeout')).toEqual([
      "calls Service ledger (10.96.40.8) port 443 → pods' port 9443",
    ]);
    expect(describe1('dial tcp 10.96.40.8:80: i/o timeout')).toEqual([
      "calls Service ledger (10.96.40.8) port 80 → pods' port 8080",
    ]);
    expect(describe1('dial tcp 10.96.40.9:3307: connection refused')).toEqual([
      'calls Service billing-mysql (10.96.40.9), which has no port 3307 (ports 3306)',
    ]);
  });

  it('names the Secret the pods serve their certificate from, on a TLS failure', () => {
    expect(
      describe1(
        'Post "https://ledger.store.svc.cluster.local:443/v1": x509: certificate has expired',
        true,
      ),
    ).toEqual([
      "calls Service ledger port 443 → pods' port 9443 whose pods mount Secret ledger-serving-cert",
    ]);
    expect(mountedSecrets(ledgerPods)).toEqual(['ledger-serving-cert']);
  });

  it('lists near matches of a name no Service answers to', () => {
    expect(describe1('java.net.UnknownHostException: mysql')).toEqual([
      'no Service named mysql in store; similar: billing-mysql',
    ]);
    // Not a DNS failure: the name may be served some other way, so nothing is claimed.
    expect(describe1('connect to mysql:3306 refused')).toEqual([undefined]);
  });

  it('says where an ExternalName points, whose endpoint an address is, and which pod has it', () => {
    expect(describe1('Get "https://card-vault/charge": EOF')).toEqual([
      'calls Service card-vault, an ExternalName for vault.payments.example.net',
    ]);
    expect(describe1('dial tcp 172.31.9.40:5432: i/o timeout')).toEqual([
      'calls Service legacy-db (endpoint 172.31.9.40:5432, set by hand: the Service has no selector)',
    ]);
    expect(describe1('dial tcp 10.244.3.21:9443: connection refused')).toEqual([
      'calls pod ledger-7c9-abcde (10.244.3.21)',
    ]);
    expect(describe1('dial tcp 10.12.0.7:5432: i/o timeout')).toEqual([
      '10.12.0.7 is the address of no Service or pod seen; ExternalName Services in store: card-vault → vault.payments.example.net',
    ]);
  });

  it('falls back to the workload of that name where no Service was listed', () => {
    const deployment: V1Deployment = {
      metadata: { name: 'ledger', namespace: NS },
      spec: {
        selector: { matchLabels: { app: 'ledger' } },
        template: {},
      },
    };
    const bare = snapshotObjects(
      factsOf(
        target('component:default/ledger', {
          pods: ledgerPods,
          deployments: [deployment],
        }),
      ).get(KUBERNETES_FACTS),
    );
    const [peer] = peersIn(
      'https://ledger.store.svc:443/v1: x509: certificate has expired',
    );
    expect(describePeer(resolvePeer(bare, peer, 'other', true)!, 'other')).toBe(
      'calls ledger in store (no Service listed there), Deployment ledger whose pods mount Secret ledger-serving-cert',
    );
  });
});

describe('peersClause', () => {
  it('returns the clause and cites the Service as evidence', () => {
    const evidence = new EvidenceLedger();
    const clause = peersClause(
      { facts, evidence },
      'Post "https://ledger:443/v1/entries": tls: failed to verify certificate: x509: certificate has expired\nhttps://api.stripe.com/v1',
      NS,
    );
    expect(clause.text).toBe(
      "calls Service ledger port 443 → pods' port 9443 whose pods mount Secret ledger-serving-cert",
    );
    expect(clause.evidence.map(id => evidence.get(id))).toEqual([
      expect.objectContaining({
        object: 'Service store/ledger',
        text: 'ClusterIP 10.96.40.8, ports 443→grpc, 80→8080; selects 1 known pod(s); pods mount Secret ledger-serving-cert',
      }),
    ]);
  });

  it('says nothing without a Kubernetes snapshot', () => {
    expect(
      peersClause(
        { facts: new FactStore(), evidence: new EvidenceLedger() },
        'dial tcp 10.96.40.8:443: i/o timeout',
        NS,
      ),
    ).toEqual({ evidence: [] });
  });
});

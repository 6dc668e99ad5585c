import type { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  type KubeObject,
  KubernetesStandIn,
  materializeTimes,
} from '@internal/k8s-standin';
import {
  analyzeScenario,
  catalogOf,
  component,
} from '../../__testUtils__/harness';
import { deployment, entity, NS, pod } from '../../__testUtils__/kit';
import { NamespaceGate } from '../../engine/NamespaceGate';
import { RcaEngine } from '../../engine/RcaEngine';
import { KubernetesCollector } from './KubernetesCollector';

// The collector against the stand-in through @kubernetes/client-node, reading the API as a real
// server (v1.32) answers it: events.k8s.io series, rollbacks that reuse a ReplicaSet, projected
// service-account volumes, metadata-only ConfigMaps and Secrets, lists shared per namespace.

const A = 'checkout';
const k8s = new KubernetesStandIn({ clusters: {} });
beforeAll(() => k8s.start());
afterAll(() => k8s.stop());

const scenario = (objects: KubeObject[]) =>
  materializeTimes({ clusters: { prod: { objects } } }, new Date());

const managed = (
  manager: string,
  time: string,
  fieldsV1: object,
  operation = 'Update',
) => ({
  manager,
  operation,
  apiVersion: 'v1',
  time,
  fieldsType: 'FieldsV1',
  fieldsV1,
});

/** The volume every real pod gets for its service-account token. */
const serviceAccountVolume = {
  name: 'kube-api-access-x7k2p',
  projected: {
    sources: [
      { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
      {
        configMap: {
          name: 'kube-root-ca.crt',
          items: [{ key: 'ca.crt', path: 'ca.crt' }],
        },
      },
      {
        downwardAPI: {
          items: [
            {
              path: 'namespace',
              fieldRef: { fieldPath: 'metadata.namespace' },
            },
          ],
        },
      },
    ],
  },
};

describe('KubernetesCollector reads events as both event APIs write them', () => {
  it('keeps a recurring events.k8s.io event that began before the lookback, with its series count and latest time', async () => {
    k8s.load(
      scenario([
        ...deployment(A),
        pod(A, { phase: 'Pending' }),
        {
          apiVersion: 'events.k8s.io/v1',
          kind: 'Event',
          metadata: {
            name: `${A}-rs1-a1b2c.sched`,
            namespace: NS,
            uid: 'ev-sched',
          },
          regarding: { kind: 'Pod', name: `${A}-rs1-a1b2c`, namespace: NS },
          reason: 'FailedScheduling',
          note: '0/3 nodes are available: 3 Insufficient memory.',
          type: 'Warning',
          action: 'Scheduling',
          reportingController: 'default-scheduler',
          reportingInstance: 'default-scheduler-cp-1',
          eventTime: 'now-5h',
          series: { count: 57, lastObservedTime: 'now-2m' },
        },
      ]),
    );
    const { report } = await analyzeScenario({
      scenario: scenario([]),
      entities: [entity(A)],
      standIn: k8s,
    });
    const item = report.evidence.find(
      e => e.field === 'event FailedScheduling',
    );
    expect(item?.text).toMatch(
      /FailedScheduling ×57: 0\/3 nodes are available/,
    );
    const minutesAgo = (Date.now() - Date.parse(item!.timestamp!)) / 60_000;
    expect(minutesAgo).toBeGreaterThan(1);
    expect(minutesAgo).toBeLessThan(4);
  });
});

describe('KubernetesCollector ties a rollback to the failure it caused', () => {
  it('dates a reused ReplicaSet by its revision change, not its creation', async () => {
    // `kubectl rollout undo` made the 40-day-old revision 1 current again as revision 3.
    const objects = deployment(A, {
      revision: 2,
      rolloutAgo: 'now-2d',
      image: 'registry.example.com/checkout:2.0.0',
      prevImage: 'registry.example.com/checkout:1.0.0',
    }).map(o => {
      if (o.metadata.name !== `${A}-rs1`) return o;
      return {
        ...o,
        metadata: {
          ...o.metadata,
          annotations: {
            'deployment.kubernetes.io/revision': '3',
            'deployment.kubernetes.io/revision-history': '1',
          },
          managedFields: [
            managed('kube-controller-manager', 'now-12m', {
              'f:metadata': {
                'f:annotations': {
                  'f:deployment.kubernetes.io/revision': {},
                  'f:deployment.kubernetes.io/revision-history': {},
                },
              },
              'f:spec': { 'f:replicas': {} },
            }),
          ],
        },
      };
    });
    k8s.load(
      scenario([
        ...objects,
        pod(A, {
          waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' },
          lastTerminated: {
            reason: 'Error',
            exitCode: 1,
            message: 'schema v2 expected, found v3',
          },
        }),
      ]),
    );
    const { report } = await analyzeScenario({
      scenario: scenario([]),
      entities: [entity(A)],
      standIn: k8s,
    });
    const rollback = report.changes?.find(c =>
      c.what.startsWith('rollback to revision 3'),
    );
    expect(rollback).toBeDefined();
    expect((Date.now() - Date.parse(rollback!.at)) / 60_000).toBeCloseTo(12, 0);
    expect(rollback!.diff).toContain(
      'image registry.example.com/checkout:2.0.0 → registry.example.com/checkout:1.0.0',
    );
    expect(rollback!.aligned).toBe(true);
    const rolloutEvidence = report.evidence.find(e =>
      /rollout revision 3/.test(e.text),
    );
    expect(rolloutEvidence?.timestamp).toBe(rollback!.at);
  });
});

describe('KubernetesCollector reads ConfigMaps and lists namespace objects sparingly', () => {
  it('does not list ConfigMaps for the service-account CA alone, and lists each namespace once for all targets', async () => {
    const withSaVolume = (o: KubeObject) =>
      o.kind === 'Pod'
        ? {
            ...o,
            spec: { ...(o.spec as object), volumes: [serviceAccountVolume] },
          }
        : o;
    k8s.load(
      scenario(
        [
          ...deployment(A),
          pod(A),
          ...deployment('payments'),
          pod('payments'),
        ].map(withSaVolume),
      ),
    );
    k8s.requests.length = 0;
    await analyzeScenario({
      scenario: scenario([]),
      entities: [entity(A, ['component:default/payments']), entity('payments')],
      standIn: k8s,
    });
    expect(k8s.requests.filter(r => r.includes('/configmaps'))).toEqual([]);
    for (const plural of ['resourcequotas', 'networkpolicies', 'rolebindings'])
      expect(
        k8s.requests.filter(r => r.includes(`/namespaces/${NS}/${plural}`)),
      ).toHaveLength(1);
  });
});

/** The engine with a logger that keeps every line, to check what was logged. */
async function runCapturingLogs() {
  const logged: string[] = [];
  const logger: LoggerService = {
    error: m => logged.push(String(m)),
    warn: m => logged.push(String(m)),
    info: m => logged.push(String(m)),
    debug: m => logged.push(String(m)),
    child: () => logger,
  };
  const kubernetes = new KubernetesCollector({
    clusters: [
      { name: 'prod', url: k8s.clusterUrl('prod'), skipTLSVerify: true },
    ],
  });
  const entities = [entity(A)];
  const progress: string[] = [];
  const now = new Date();
  const result = await new RcaEngine({
    collectors: [kubernetes],
    logger,
  }).run({
    input: {
      id: 'secret-run',
      entityRef: stringifyEntityRef(entities[0]),
      window: { from: new Date(now.getTime() - 3_600_000), to: now },
    },
    entity: entities[0],
    catalog: catalogOf(entities),
    namespaceGate: NamespaceGate.allowAll(kubernetes),
    onProgress: (step, message) => progress.push(`${step}: ${message}`),
  });
  return { ...result, logged, progress };
}

// A Secret with a recognisable value, in its data and in kubectl's last-applied annotation.
const VALUE = 'h23k-Canary-Pa55word';
const B64 = Buffer.from(VALUE).toString('base64');
const secret: KubeObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: 'checkout-db',
    namespace: NS,
    creationTimestamp: 'now-90d',
    annotations: {
      // what `kubectl apply` leaves on a Secret: the whole object, data included
      'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'checkout-db', namespace: NS },
        data: { password: B64 },
        stringData: { url: `postgres://app:${VALUE}@db:5432/app` },
      }),
    },
    managedFields: [
      managed('kubectl-client-side-apply', 'now-9m', {
        'f:data': { 'f:password': {} },
        'f:metadata': {
          'f:annotations': {
            'f:kubectl.kubernetes.io/last-applied-configuration': {},
          },
        },
      }),
    ],
  },
  type: 'Opaque',
  data: { password: B64 },
  stringData: { url: `postgres://app:${VALUE}@db:5432/app` },
};
const objects = [
  ...deployment(A),
  pod(A, {
    container: {
      env: [
        {
          name: 'DB_PASSWORD',
          valueFrom: {
            secretKeyRef: { name: 'checkout-db', key: 'password' },
          },
        },
      ],
    },
    volumes: [
      serviceAccountVolume,
      { name: 'db', secret: { secretName: 'checkout-db' } },
    ],
    lastTerminated: {
      reason: 'Error',
      exitCode: 1,
      message: 'password authentication failed for user "app"',
    },
    waiting: { reason: 'CrashLoopBackOff', message: 'back-off 1m20s' },
  }),
  secret,
];

describe('KubernetesCollector never reads Secret data', () => {
  it('lists the edit of a Secret the pods read, and its value appears in no report, log line, progress or error', async () => {
    k8s.load(scenario(objects));
    const { report, markdown, logged, progress } = await runCapturingLogs();
    const edit = report.changes?.find(
      c => c.object === `Secret ${NS}/checkout-db`,
    );
    expect(edit?.what).toBe('edited (data.password)');
    expect(edit?.who).toContain('kubectl-client-side-apply');
    expect(report.hypotheses.map(h => h.category)).toContain(
      'config_change_regression',
    );
    for (const text of [
      JSON.stringify(report),
      markdown,
      ...logged,
      ...progress,
    ]) {
      expect(text).not.toContain(VALUE);
      expect(text).not.toContain(B64);
    }
  });

  it('asks for Secrets as metadata only, and for ConfigMaps with data only by the name a pod refers to', async () => {
    k8s.load(
      scenario([
        ...deployment(A),
        pod(A, {
          volumes: [
            serviceAccountVolume,
            { name: 'db', secret: { secretName: 'checkout-db' } },
            { name: 'cfg', configMap: { name: 'checkout-config' } },
          ],
        }),
        secret,
        {
          kind: 'ConfigMap',
          apiVersion: 'v1',
          metadata: { name: 'checkout-config', namespace: NS },
          data: { 'app.yaml': `db:\n  password: ${VALUE}\n`, MODE: 'live' },
        },
        {
          kind: 'ConfigMap',
          apiVersion: 'v1',
          metadata: { name: 'unrelated', namespace: NS },
          data: { token: VALUE },
        },
      ]),
    );
    k8s.requests.length = 0;
    k8s.metadataOnlyRequests.length = 0;
    const { report, markdown } = await analyzeScenario({
      scenario: scenario([]),
      entities: [entity(A)],
      standIn: k8s,
    });
    const dataKinds = k8s.requests.filter(r =>
      /\/(secrets|configmaps)\b/.test(r),
    );
    expect(dataKinds.some(r => r.includes(`/namespaces/${NS}/secrets`))).toBe(
      true,
    );
    const withData = dataKinds.filter(
      r => !k8s.metadataOnlyRequests.includes(r),
    );
    expect(withData.filter(r => r.includes('/secrets'))).toEqual([]);
    // The one ConfigMap read with its data is the one the pod mounts; "unrelated" never is.
    expect(withData.map(decodeURIComponent)).toEqual([
      expect.stringMatching(
        /\/configmaps\?.*fieldSelector=metadata\.name=checkout-config\b/,
      ),
    ]);
    // What was read by name is reduced to keys and short settings: the file never shows.
    expect(JSON.stringify(report)).not.toContain(VALUE);
    expect(markdown).not.toContain(VALUE);
  });
});

// A GitOps-managed NetworkPolicy edited before the failures, and a node cordoned by hand.
const policy: KubeObject = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: {
    name: 'checkout-egress',
    namespace: NS,
    creationTimestamp: 'now-30d',
    annotations: {
      'argocd.argoproj.io/tracking-id':
        'shop-prod:networking.k8s.io/NetworkPolicy:shop/checkout-egress',
    },
    managedFields: [
      managed(
        'argocd-controller',
        'now-8m',
        { 'f:spec': { 'f:egress': {} } },
        'Apply',
      ),
    ],
  },
  spec: {
    podSelector: { matchLabels: { app: A } },
    policyTypes: ['Egress'],
    egress: [],
  },
};
const cordoned: KubeObject = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {
    name: 'node-1',
    managedFields: [
      managed('kubectl-cordon', 'now-20m', {
        'f:spec': { 'f:unschedulable': {} },
      }),
      managed('kubelet', 'now-1m', { 'f:status': { 'f:conditions': {} } }),
    ],
  },
  spec: { unschedulable: true },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
};
describe('KubernetesCollector change timeline', () => {
  it('lists NetworkPolicy and node writes with who made them, newest first, and renders "What changed"', async () => {
    k8s.load(
      scenario([
        ...deployment(A),
        pod(A, {
          ready: false,
          lastTerminated: {
            reason: 'Error',
            exitCode: 1,
            message: 'dial tcp 10.0.4.7:5432: i/o timeout',
          },
          waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' },
        }),
        policy,
        cordoned,
      ]),
    );
    const { report, markdown } = await analyzeScenario({
      scenario: scenario([]),
      entities: [component(A, { namespace: NS })],
      standIn: k8s,
    });
    const changes = report.changes ?? [];
    expect(changes.map(c => c.object)).toEqual([
      `NetworkPolicy ${NS}/checkout-egress`,
      'Node node-1',
    ]);
    expect(changes[0]).toMatchObject({
      what: 'edited (spec.egress)',
      who: 'argocd-controller (Apply); Argo CD shop-prod',
      aligned: true,
    });
    expect(changes[1].what).toBe('cordoned');
    expect(report.hypotheses.map(h => h.category)).toContain(
      'networkpolicy_blocking',
    );
    expect(markdown).toContain('## What changed');
    expect(markdown).toContain(
      'lines up with the onset** edited \\(spec.egress\\)',
    );
  });
});

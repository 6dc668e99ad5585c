import { KubernetesStandIn, materializeTimes } from '@internal/k8s-standin';
import { analyzeScenario } from '../__testUtils__/harness';
import { entity, node, NS, pod } from '../__testUtils__/kit';
import type { GateNamespace } from './NamespaceGate';

// Beyond the targets' namespaces the collector reads only what the requester's own check grants:
// the Services of a namespace an egress policy names, every node (the cluster scope, `<cluster>/`).
// What was granted joins the report's access, so its readers must be able to read it too.

const k8s = new KubernetesStandIn({ clusters: {} });
const labels = { 'backstage.io/kubernetes-id': 'agent', app: 'agent' };
const owned = { kind: 'DaemonSet', name: 'agent', controller: true, uid: 'ds' };

const objects = [
  {
    ...node('node-2'),
    spec: {
      taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }],
    },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: NS, labels },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: { metadata: { labels } },
    },
    status: { desiredNumberScheduled: 1, numberReady: 1 },
  },
  {
    ...pod('agent', {
      name: 'agent-x7k2q',
      labelsOverride: labels,
      lastTerminated: {
        reason: 'Error',
        exitCode: 1,
        message: 'relay: dial tcp 10.96.7.7:80: i/o timeout',
      },
    }),
    metadata: {
      name: 'agent-x7k2q',
      namespace: NS,
      labels,
      ownerReferences: [owned],
    },
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: 'agent-egress',
      namespace: NS,
      creationTimestamp: 'now-30d',
    },
    spec: {
      podSelector: { matchLabels: { app: 'agent' } },
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': 'platform' },
              },
              podSelector: { matchLabels: { app: 'relay' } },
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
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'relay', namespace: 'platform' },
    spec: {
      clusterIP: '10.96.7.7',
      selector: { app: 'relay' },
      ports: [{ port: 80, targetPort: 4245 }],
    },
  },
];

const load = (list: object[]) =>
  k8s.load(
    materializeTimes(
      { name: 'granted', clusters: { prod: { objects: list as never } } },
      new Date(),
    ),
  );

beforeAll(() => k8s.start());
beforeEach(() => load(objects));

afterAll(() => k8s.stop());

const gate = (extra: string[]) => async (refs: GateNamespace[]) =>
  refs.map(r => ({
    allowed: r.namespace === NS || extra.includes(r.namespace),
  }));

async function analyze(
  extra: string[],
  authorize: (
    refs: GateNamespace[],
  ) => Promise<Array<{ allowed: boolean }>> = gate(extra),
) {
  k8s.requests.length = 0;
  const { report } = await analyzeScenario({
    scenario: { name: 'granted', clusters: { prod: { objects: [] } } },
    entities: [entity('agent')],
    standIn: k8s,
    authorize,
  });
  return { report, requests: [...k8s.requests] };
}

describe('reads beyond the targets are granted by the requester’s own check', () => {
  it('reads neither the policy’s callee namespace nor every node when they are not granted', async () => {
    const { report, requests } = await analyze([]);
    expect(requests.filter(r => r.includes('/namespaces/platform/'))).toEqual(
      [],
    );
    expect(requests.filter(r => /\/api\/v1\/nodes(\?|$)/.test(r))).toEqual([]);
    expect(JSON.stringify(report)).not.toContain('node-2');
    expect(JSON.stringify(report)).not.toContain('4245');
    expect(report.access?.namespaces).toEqual([
      { cluster: 'prod', namespace: NS },
    ]);
  });

  it('names the callee’s port and the skipped node when granted, and the report asks as much of its readers', async () => {
    const { report, requests } = await analyze(['platform', '']);
    expect(
      requests.some(r => r.includes('/namespaces/platform/services')),
    ).toBe(true);
    const text = report.hypotheses.map(h => h.explanation).join('\n');
    expect(text).toContain('which forwards port 80 to their port 4245');
    expect(text).toContain(
      'runs no pod on node-2: taint dedicated=infra:NoSchedule',
    );
    expect(report.access?.namespaces).toEqual([
      { cluster: 'prod', namespace: '' },
      { cluster: 'prod', namespace: 'platform' },
      { cluster: 'prod', namespace: NS },
    ]);
  });

  it('asks nothing more of the report’s readers when what was granted shows nothing', async () => {
    // The DaemonSet tolerates the taint and the policy allows the pods' own port.
    load(
      objects.map(o => {
        const copy = JSON.parse(JSON.stringify(o));
        if (copy.kind === 'DaemonSet')
          copy.spec.template.spec = {
            tolerations: [{ key: 'dedicated', operator: 'Exists' }],
          };
        if (copy.kind === 'NetworkPolicy')
          copy.spec.egress[0].ports = [{ port: 4245, protocol: 'TCP' }];
        return copy;
      }),
    );
    const { report } = await analyze(['platform', '']);
    expect(report.access?.namespaces).toEqual([
      { cluster: 'prod', namespace: NS },
    ]);
  });

  it('keeps the cluster’s own evidence when the check for a further read fails', async () => {
    const failing = async (refs: GateNamespace[]) => {
      if (refs.some(r => r.namespace !== NS))
        throw new Error('permission backend unavailable');
      return refs.map(() => ({ allowed: true }));
    };
    const { report, requests } = await analyze([], failing);
    expect(report.gaps.join('\n')).not.toContain('unreachable');
    expect(report.hypotheses[0].explanation).toContain('i/o timeout');
    expect(requests.filter(r => r.includes('/namespaces/platform/'))).toEqual(
      [],
    );
  });
});

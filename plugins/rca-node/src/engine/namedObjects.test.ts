import { VictoriaLogsStandIn } from '@internal/victorialogs-standin';
import { analyzeScenario } from '../__testUtils__/harness';
import {
  deployment,
  entity,
  node,
  NS,
  pod,
  scenarioOf,
} from '../__testUtils__/kit';
import {
  type Curve,
  httpTraffic,
  type LogSpec,
  type SeriesSpec,
  step,
  STREAM_FIELDS,
  toImport,
  toLogRows,
} from '../__testUtils__/signalsKit';
import {
  startVictoriaMetrics,
  type VictoriaMetricsServer,
} from '../__testUtils__/victoriaMetricsServer';

// The exact objects a responder needs, named in the first hypothesis: the file of a ConfigMap
// edited in place, the Secret credentials come from, the full volume, the neighbour without a
// memory limit. Kubernetes through the stand-in, a real VictoriaMetrics, the VictoriaLogs stand-in.

const vl = new VictoriaLogsStandIn();
let vm: VictoriaMetricsServer;
const now = new Date();
const window = { from: new Date(now.getTime() - 3_600_000), to: now };

const volumeFree = (
  claim: string,
  free: Curve,
  capacity: number,
): SeriesSpec[] => [
  {
    metric: {
      __name__: 'kubelet_volume_stats_available_bytes',
      namespace: NS,
      persistentvolumeclaim: claim,
    },
    curve: free,
  },
  {
    metric: {
      __name__: 'kubelet_volume_stats_capacity_bytes',
      namespace: NS,
      persistentvolumeclaim: claim,
    },
    curve: () => capacity,
  },
];

/** What each component logs, in Vector's field names. */
const LOGS: LogSpec[] = [
  {
    pod: 'billing-rs1-a1b2c',
    level: 'error',
    message: () =>
      'could not acquire connection: FATAL: password authentication failed for user "billing" (SQLSTATE 28P01)',
    count: 40,
    from: -20,
    to: 0,
  },
  {
    pod: 'catalog-rs1-a1b2c',
    level: 'error',
    message: i =>
      `sync failed err="dial tcp: lookup catalog-db.shop.svc.cluster.local on 10.96.0.10:53: read udp 10.244.1.12:${
        43000 + i
      }->10.96.0.10:53: i/o timeout"`,
    count: 30,
    from: -9,
    to: 0,
  },
  {
    pod: 'ledger-rs1-a1b2c',
    level: 'error',
    message: () => 'ping failed err="dial tcp 10.96.50.5:5432: i/o timeout"',
    count: 30,
    from: -9,
    to: 0,
  },
  {
    pod: 'reports-rs1-a1b2c',
    level: 'error',
    message: () => 'migration failed: pq: the database system is starting up',
    count: 6,
    from: -12,
    to: 0,
  },
  {
    pod: 'pgmain-0',
    level: 'info',
    message: i =>
      `${i} FATAL:  the database system is starting up (SQLSTATE 57P03)`,
    count: 20,
    from: -12,
    to: 0,
  },
  {
    pod: 'metricsdb-rs1-a1b2c',
    level: 'error',
    message: i => `write /data/wal/000${i}: no space left on device`,
    count: 30,
    from: -15,
    to: 0,
  },
];

beforeAll(async () => {
  await vl.start();
  vl.ingest(toLogRows(LOGS, now), { streamFields: STREAM_FIELDS });
  vm = await startVictoriaMetrics();
  await vm.load(
    toImport(
      [
        ...httpTraffic('pricing-rs1-a1b2c', step(-10, 0.003, 0.3)),
        ...httpTraffic('billing-rs1-a1b2c', step(-20, 0.002, 0.2)),
        // Only available bytes, as many kubelet dashboards read it.
        ...volumeFree(
          'metricsdb-data-metricsdb-0',
          m => (m < -15 ? 20e9 : 0),
          100e9,
        ),
      ],
      now,
    ),
  );
}, 60_000);

afterAll(async () => {
  await Promise.all([vl.stop(), vm?.stop()]);
}, 30_000);

async function analyze(app: string, objects: object[]) {
  const { report } = await analyzeScenario({
    scenario: scenarioOf(
      {
        name: app,
        expected: 'insufficient_evidence',
        entities: [entity(app)],
        objects: objects as never,
      },
      now,
    ),
    entities: [entity(app)],
    victoriaMetricsUrl: vm.url,
    victoriaLogsUrl: vl.url,
    window,
  });
  const top = report.hypotheses[0];
  const cited = report.evidence.filter(e => top.evidence.includes(e.id));
  const text = [top.explanation, ...cited.map(e => e.text)].join('\n');
  return { report, top, text };
}

describe('the objects the component reads are named', () => {
  it('names the file of a ConfigMap edited in place and where the pods see it', async () => {
    const mounted = {
      volumes: [{ name: 'rules', configMap: { name: 'pricing-rules' } }],
      container: {
        volumeMounts: [{ name: 'rules', mountPath: '/etc/pricing' }],
      },
    };
    const { top, text } = await analyze('pricing', [
      ...deployment('pricing'),
      pod('pricing', mounted),
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'pricing-rules',
          namespace: NS,
          creationTimestamp: 'now-30d',
          // Written in place, 12 minutes ago; no field list (older servers, replayed objects).
          managedFields: [
            { manager: 'kubectl-edit', operation: 'Update', time: 'now-12m' },
          ],
        },
        data: { 'rules.yaml': 'rules:\n- id: vat\n  rate: 0.21\n' },
      },
    ]);
    expect(top.category).toBe('config_change_regression');
    expect(text).toContain('holds rules.yaml; mounted at /etc/pricing');
    expect(text).not.toContain('rate: 0.21');
  });

  it('names the Secret the rejected credentials come from, read when the pods started', async () => {
    const env = [
      {
        name: 'DB_PASSWORD',
        valueFrom: { secretKeyRef: { name: 'billing-db', key: 'password' } },
      },
    ];
    const { text } = await analyze('billing', [
      ...deployment('billing'),
      pod('billing', { container: { env } }),
    ]);
    expect(text).toContain('password authentication failed');
    expect(text).toContain('DB_PASSWORD from Secret billing-db, key password');
  });

  it('names the full claim from available bytes when the kubelet reports no used bytes', async () => {
    const { top, text } = await analyze('metricsdb', [
      ...deployment('metricsdb'),
      pod('metricsdb'),
    ]);
    expect(top.category).toBe('pvc_disk_full');
    expect(text).toContain('PersistentVolumeClaim metricsdb-data-metricsdb-0');
  });
});

describe('the policy that cuts the component off is named', () => {
  it('names the policy that denies DNS egress once, from the logs of pods that keep running', async () => {
    const policy = (name: string, types: string[]) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: {
        name,
        namespace: NS,
        creationTimestamp: 'now-10m',
        managedFields: [
          { manager: 'argocd-controller', operation: 'Apply', time: 'now-10m' },
        ],
      },
      spec: { podSelector: {}, policyTypes: types },
    });
    const { report, top } = await analyze('catalog', [
      ...deployment('catalog'),
      pod('catalog'),
      policy('default-deny-all', ['Ingress', 'Egress']),
      // Ingress only: the pods' own calls cannot be what it stops.
      policy('ingress-only', ['Ingress']),
    ]);
    const policies = report.hypotheses.filter(
      h => h.category === 'networkpolicy_blocking',
    );
    expect(policies).toHaveLength(1);
    expect(top).toBe(policies[0]);
    expect(top.object).toContain('NetworkPolicy shop/default-deny-all');
    expect(top.explanation).toContain('denies egress to the cluster DNS');
    expect(report.nextSteps.map(n => n.text).join('\n')).toContain(
      'kube-dns pods (namespace kube-system, label k8s-app=kube-dns)',
    );
  });
});

describe('the policies around the component are weighed against the calls', () => {
  it('does not blame a recent policy that allows the very call that times out', async () => {
    const { report } = await analyze('ledger', [
      ...deployment('ledger'),
      pod('ledger'),
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'ledger-db', namespace: NS },
        spec: {
          clusterIP: '10.96.50.5',
          selector: { app: 'ledger-db' },
          ports: [{ port: 5432, targetPort: 5432 }],
        },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: {
          name: 'ledger-egress',
          namespace: NS,
          creationTimestamp: 'now-10m',
        },
        spec: {
          podSelector: { matchLabels: { app: 'ledger' } },
          policyTypes: ['Egress'],
          egress: [
            {
              to: [{ podSelector: { matchLabels: { app: 'ledger-db' } } }],
              ports: [{ port: 5432, protocol: 'TCP' }],
            },
          ],
        },
      },
    ]);
    expect(report.hypotheses.map(h => h.category)).not.toContain(
      'networkpolicy_blocking',
    );
    // What the log names is still said: the call went to the database Service.
    expect(report.hypotheses[0].explanation).toContain(
      'calls Service ledger-db (10.96.50.5) (port 5432)',
    );
  });
});

describe('the neighbours of the component are named', () => {
  it('names the neighbour without a memory limit on a node under memory pressure', async () => {
    const { top } = await analyze('session', [
      node('node-1', [
        {
          type: 'MemoryPressure',
          status: 'True',
          reason: 'KubeletHasInsufficientMemory',
          message: 'kubelet has insufficient memory available',
          lastTransitionTime: 'now-15m',
        },
      ]),
      ...deployment('session'),
      pod('session'),
      pod('trainer', {
        name: 'trainer-rs1-q2w4e',
        container: { resources: { requests: { memory: '128Mi' } } },
      }),
    ]);
    expect(top.category).toBe('node_memory_pressure');
    expect(top.explanation).toContain(
      'other pods on it with no memory limit (in the namespaces you may read): shop/trainer-rs1-q2w4e',
    );
    expect(top.explanation).not.toContain('shop/session-');
  });

  it('names the other pod that logs the same failure, with its own code', async () => {
    const { top } = await analyze('reports', [
      ...deployment('reports'),
      pod('reports'),
    ]);
    expect(top.category).toBe('app_crash_dependency_unreachable');
    expect(top.explanation).toMatch(
      /the same words are also logged by pod pgmain-0 \(.*20 lines\): .*SQLSTATE 57P03/,
    );
  });
});

import { KubernetesStandIn, type KubeObject } from '@internal/k8s-standin';
import { VictoriaLogsStandIn } from '@internal/victorialogs-standin';
import { analyzeScenario } from '../../__testUtils__/harness';
import {
  deployment,
  entity,
  NS,
  pod,
  scenarioOf,
} from '../../__testUtils__/kit';
import {
  chronicLogs,
  type LogSpec,
  STREAM_FIELDS,
  toLogRows,
} from '../../__testUtils__/signalsKit';

// A failing call in the logs, named as the in-cluster object it went to: the Service (read from
// the Kubernetes stand-in through the real client), its pods' port and certificate Secret, or the
// Services a name that does not resolve was probably meant to be.
const k8s = new KubernetesStandIn({ clusters: {} });
const vl = new VictoriaLogsStandIn();
const now = new Date();
const window = { from: new Date(now.getTime() - 3_600_000), to: now };

function service(name: string, spec: object): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NS },
    spec,
  };
}

/** `app` logs `message` 40 times over the last 20 minutes, after two hours of chronic lines. */
async function analyzeLogs(
  app: string,
  message: string,
  objects: KubeObject[],
  dependsOn: string[] = [],
) {
  const podName = `${app}-rs1-a1b2c`;
  const logs: LogSpec[] = [
    ...chronicLogs(podName),
    {
      pod: podName,
      level: 'error',
      message: () => message,
      count: 40,
      from: -20,
      to: 0,
    },
  ];
  vl.clear();
  vl.ingest(toLogRows(logs, now), { streamFields: STREAM_FIELDS });
  const entities = [
    entity(
      app,
      dependsOn.map(d => `component:default/${d}`),
    ),
    ...dependsOn.map(d => entity(d)),
  ];
  const scenario = scenarioOf(
    {
      name: 'peers',
      expected: 'upstream_dependency_failure',
      entities,
      objects,
    },
    now,
  );
  k8s.load(scenario);
  const { report } = await analyzeScenario({
    scenario,
    entities,
    standIn: k8s,
    window,
    victoriaLogsUrl: vl.url,
  });
  const fromLogs = report.hypotheses.find(h => h.object?.endsWith(' logs'));
  return { report, fromLogs };
}

beforeAll(async () => {
  await Promise.all([k8s.start(), vl.start()]);
}, 30_000);

afterAll(async () => {
  await Promise.all([k8s.stop(), vl.stop()]);
}, 30_000);

describe('the peer of a failing call in the logs', () => {
  it('names the Service, the pods’ port and the Secret holding the certificate it serves', async () => {
    const servingPod = pod('ledger', {
      container: { ports: [{ name: 'https', containerPort: 9443 }] },
      volumes: [
        { name: 'tls', secret: { secretName: 'ledger-serving-cert' } },
        {
          name: 'kube-api-access-9xk2',
          projected: { sources: [{ serviceAccountToken: { path: 'token' } }] },
        },
      ],
    });
    const { report, fromLogs } = await analyzeLogs(
      'checkout',
      `book failed: Post "https://ledger.${NS}.svc.cluster.local:8443/v1/entries": tls: failed to verify certificate: x509: certificate has expired or is not yet valid`,
      [
        ...deployment('checkout'),
        pod('checkout'),
        ...deployment('ledger'),
        servingPod,
        // Not labelled as the ledger component's: read as one of the namespace's Services.
        service('ledger', {
          type: 'ClusterIP',
          clusterIP: '10.96.51.20',
          selector: { app: 'ledger' },
          ports: [{ port: 8443, targetPort: 'https' }],
        }),
      ],
      ['ledger'],
    );
    expect(fromLogs?.explanation).toContain(
      "calls Service ledger port 8443 → pods' port 9443 whose pods mount Secret ledger-serving-cert",
    );
    const cited = report.evidence.filter(e =>
      fromLogs?.evidence.includes(e.id),
    );
    expect(cited).toContainEqual(
      expect.objectContaining({
        object: `Service ${NS}/ledger`,
        text: 'ClusterIP 10.96.51.20, ports 8443→https; selects 1 known pod(s); pods mount Secret ledger-serving-cert',
      }),
    );
  }, 30_000);

  it('lists the Services a name that does not resolve was probably meant to be', async () => {
    const { fromLogs } = await analyzeLogs(
      'orders',
      'HikariPool-1 - Exception during pool initialization: java.net.UnknownHostException: postgres',
      [
        ...deployment('orders'),
        pod('orders'),
        service('orders-postgresql', {
          clusterIP: '10.96.51.30',
          ports: [{ port: 5432 }],
        }),
        service('orders-redis', { clusterIP: '10.96.51.31' }),
      ],
    );
    expect(fromLogs?.category).toBe('dns_resolution_failure');
    expect(fromLogs?.explanation).toContain(
      `no Service named postgres in ${NS}; similar: orders-postgresql`,
    );
  }, 30_000);
});

import { analyzeScenario } from '../../__testUtils__/harness';
import {
  deployment,
  entity,
  event,
  node,
  NS,
  pod,
  scenarioOf,
} from '../../__testUtils__/kit';

// Real clusters' shapes through the stand-in and the real client: StatefulSets refused at
// admission, the scheduler's per-filter counts, Ingress TLS never issued, pods stuck in init.

const labels = (app: string) => ({ 'backstage.io/kubernetes-id': app, app });

async function topOf(app: string, objects: object[]) {
  const scenario = scenarioOf({
    name: app,
    expected: 'insufficient_evidence',
    entities: [entity(app)],
    objects: objects as never,
  });
  const { report } = await analyzeScenario({
    scenario,
    entities: [entity(app)],
  });
  return { report, top: report.hypotheses[0] };
}

describe('workload shapes: admission and scheduling', () => {
  it('reads a StatefulSet whose pods admission refuses (quota requiring requests)', async () => {
    const { top } = await topOf('search', [
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'search', namespace: NS, labels: labels('search') },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'search' } },
          template: { metadata: { labels: labels('search') } },
        },
        status: { replicas: 0, readyReplicas: 0 },
      },
      event(
        'StatefulSet',
        'search',
        'FailedCreate',
        'create Pod search-0 in StatefulSet search failed error: pods "search-0" is forbidden: failed quota: team-quota: must specify requests.cpu,requests.memory',
      ),
    ]);
    expect(top.category).toBe('resource_quota_exceeded');
    expect(top.object).toContain('StatefulSet shop/search');
    expect(top.explanation).toContain('team-quota');
  });

  it('blames the filter that excludes the most nodes, not the control plane taint', async () => {
    const message =
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
    const { top } = await topOf('ring', [
      ...deployment('ring'),
      pod('ring', {
        phase: 'Pending',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message,
            lastTransitionTime: 'now-10m',
          },
        ],
      }),
    ]);
    expect(top.category).toBe('unschedulable_anti_affinity');
  });
});

describe('workload shapes: ingress TLS and init containers', () => {
  it('finds an Ingress serving a TLS Secret that cert-manager fails to issue', async () => {
    const { top } = await topOf('portal', [
      ...deployment('portal'),
      pod('portal'),
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'portal', namespace: NS, labels: labels('portal') },
        spec: {
          ingressClassName: 'nginx',
          tls: [{ hosts: ['portal.example.com'], secretName: 'portal-tls' }],
        },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'IngressClass',
        metadata: { name: 'nginx' },
        spec: { controller: 'k8s.io/ingress-nginx' },
      },
      event(
        'Certificate',
        'portal-tls',
        'Failed',
        'The certificate request has failed to complete and will be retried: 429 urn:ietf:params:acme:error:rateLimited',
      ),
    ]);
    expect(top.category).toBe('ingress_misconfigured');
    expect(top.explanation).toContain('portal-tls');
  });

  it('names the init container a pod waits on', async () => {
    const { report } = await topOf('myapp', [
      ...deployment('myapp'),
      pod('myapp', {
        phase: 'Pending',
        conditions: [
          {
            type: 'Initialized',
            status: 'False',
            reason: 'ContainersNotInitialized',
            message: 'containers with incomplete status: [wait-db]',
          },
          { type: 'PodScheduled', status: 'True' },
        ],
        status: {
          initContainerStatuses: [
            {
              name: 'wait-db',
              image: 'busybox:1.36',
              ready: false,
              restartCount: 0,
              state: { running: { startedAt: 'now-25m' } },
            },
          ],
        },
      }),
    ]);
    expect(report.rootCause.category).toBe('insufficient_evidence');
    expect(report.hypotheses[0].explanation).toMatch(
      /init container wait-db of .* has run since .* without completing/,
    );
  });
});

describe('workload shapes: DaemonSets', () => {
  it('never calls a DaemonSet short of ready pods healthy', async () => {
    const { report } = await topOf('agent', [
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'agent', namespace: NS, labels: labels('agent') },
        spec: {
          selector: { matchLabels: { app: 'agent' } },
          template: { metadata: { labels: labels('agent') } },
        },
        status: {
          desiredNumberScheduled: 5,
          currentNumberScheduled: 5,
          numberReady: 3,
          numberUnavailable: 2,
        },
      },
    ]);
    expect(report.rootCause.category).not.toBe('no_issue_healthy');
    expect(report.hypotheses[0].explanation).toBe(
      'DaemonSet agent has 3 of 5 pods ready',
    );
  });
});

describe('workload shapes: nodes a DaemonSet skips', () => {
  it('names the nodes a complete-looking DaemonSet skips for a taint it does not tolerate', async () => {
    const shipper = (tolerations: object[]) => ({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'shipper', namespace: NS, labels: labels('shipper') },
      spec: {
        selector: { matchLabels: { app: 'shipper' } },
        template: {
          metadata: { labels: labels('shipper') },
          spec: { tolerations },
        },
      },
      // Its own counts leave the tainted node out: 2 of 2.
      status: { desiredNumberScheduled: 2, numberReady: 2 },
    });
    const tainted = (name: string, key: string, value?: string) => ({
      ...node(name),
      spec: { taints: [{ key, value, effect: 'NoSchedule' }] },
    });
    const objects = [
      tainted('infra-1', 'dedicated', 'infra'),
      tainted('cp-1', 'node-role.kubernetes.io/control-plane'),
      ...['node-1', 'node-2'].map(n =>
        pod('shipper', {
          name: `shipper-${n}`,
          node: n,
          labelsOverride: labels('shipper'),
        }),
      ),
    ].map(o =>
      o.kind === 'Pod'
        ? {
            ...o,
            metadata: {
              ...o.metadata,
              ownerReferences: [
                { kind: 'DaemonSet', name: 'shipper', controller: true },
              ],
            },
          }
        : o,
    );
    const { top } = await topOf('shipper', [shipper([]), ...objects]);
    expect(top.category).toBe('unschedulable_untolerated_taint');
    expect(top.explanation).toContain(
      'runs no pod on infra-1: taint dedicated=infra:NoSchedule',
    );
    expect(top.explanation).not.toContain('cp-1');
    // Tolerated: nothing is skipped, and the DaemonSet is healthy.
    const tolerated = await topOf('shipper', [
      shipper([{ key: 'dedicated', operator: 'Exists' }]),
      ...objects,
    ]);
    expect(tolerated.report.rootCause.category).toBe('no_issue_healthy');
  });
});

describe('workload shapes: what the scheduler only counts', () => {
  it("quotes the pod's nodeSelector and why cluster-autoscaler added no node", async () => {
    const app = pod('ledger', {
      phase: 'Pending',
      container: {},
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message:
            "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.",
          lastTransitionTime: 'now-10m',
        },
      ],
    });
    (app.spec as Record<string, unknown>).nodeSelector = { 'disk-type': 'ssd' };
    const { top } = await topOf('ledger', [
      ...deployment('ledger'),
      app,
      event(
        'Pod',
        app.metadata.name,
        'NotTriggerScaleUp',
        "pod didn't trigger scale-up: 1 max node group size reached",
        { type: 'Normal' },
      ),
    ]);
    expect(top.category).toBe('unschedulable_node_selector_mismatch');
    expect(top.explanation).toContain('nodeSelector disk-type=ssd');
    expect(top.explanation).toContain(
      "cluster-autoscaler: pod didn't trigger scale-up: 1 max node group size reached",
    );
  });
});

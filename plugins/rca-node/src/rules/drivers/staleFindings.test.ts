import { analyzeScenario } from '../../__testUtils__/harness';
import {
  deployment,
  entity,
  event,
  NS,
  pod,
  scenarioOf,
} from '../../__testUtils__/kit';

// What ended before the window, or has cleared since, is history: ruled out with the reason,
// never a finding and never outranking the real cause or turning a healthy component into one.

/** istio-proxy OOM-killed four days ago and running since; the app container is fine. */
function oldSidecarOom() {
  const app = pod('orders', { name: 'orders-rs1-k2x9q' });
  const spec = app.spec as { containers: object[] };
  spec.containers.push({ name: 'istio-proxy', image: 'istio/proxyv2:1.20.3' });
  const status = app.status as { containerStatuses: object[] };
  status.containerStatuses.push({
    name: 'istio-proxy',
    image: 'istio/proxyv2:1.20.3',
    ready: true,
    restartCount: 1,
    state: { running: { startedAt: 'now-4d' } },
    lastState: {
      terminated: {
        reason: 'OOMKilled',
        exitCode: 137,
        startedAt: 'now-9d',
        finishedAt: 'now-4d',
      },
    },
  });
  return app;
}

/** An HPA whose metric reads failed until 45 minutes ago and that computes replicas again since. */
const recoveredHpa = () => [
  {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: {
      name: 'orders',
      namespace: NS,
      labels: { 'backstage.io/kubernetes-id': 'orders' },
    },
    spec: { minReplicas: 2, maxReplicas: 10 },
    status: {
      currentReplicas: 2,
      desiredReplicas: 2,
      conditions: [
        {
          type: 'ScalingActive',
          status: 'True',
          reason: 'ValidMetricFound',
          message: 'the HPA was able to successfully calculate a replica count',
          lastTransitionTime: 'now-44m',
        },
      ],
    },
  },
  event(
    'HorizontalPodAutoscaler',
    'orders',
    'FailedGetResourceMetric',
    'failed to get cpu utilization: unable to get metrics for resource cpu',
    { first: 'now-58m', last: 'now-45m', count: 27 },
  ),
];

describe('old and resolved findings', () => {
  it('rules out a termination that finished before the window and an HPA that recovered', async () => {
    const scenario = scenarioOf({
      name: 'healthy-with-history',
      expected: 'no_issue_healthy',
      entities: [entity('orders')],
      objects: [...deployment('orders'), oldSidecarOom(), ...recoveredHpa()],
    });
    const { report, markdown } = await analyzeScenario({
      scenario,
      entities: [entity('orders')],
    });
    expect(report.rootCause.category).toBe('no_issue_healthy');
    expect(report.status).toBe('complete');
    // The kit's neighbours in the namespace are listed as noise; none of the component's own.
    const categories = report.hypotheses
      .filter(h => h.object?.includes('orders'))
      .map(h => h.category);
    expect(categories).not.toContain('oom_killed_limit_too_low');
    expect(categories).not.toContain('hpa_metrics_unavailable');

    const oom = report.ruledOut?.find(
      r => r.category === 'oom_killed_limit_too_low',
    );
    expect(oom?.reason).toMatch(
      /container istio-proxy of orders-rs1-k2x9q last terminated \(OOMKilled\) at .*, before the window/,
    );
    const hpa = report.ruledOut?.find(
      r => r.category === 'hpa_metrics_unavailable',
    );
    expect(hpa?.reason).toMatch(/ScalingActive has been True since/);
    // Each reason cites the evidence it rests on, and the Markdown lists them.
    const ids = new Set(report.evidence.map(e => e.id));
    for (const r of report.ruledOut ?? [])
      for (const id of r.evidence) expect(ids.has(id)).toBe(true);
    expect(markdown).toContain('### Ruled out');
  });

  it('keeps a termination inside the window as a finding', async () => {
    const scenario = scenarioOf({
      name: 'oom-now',
      expected: 'oom_killed_limit_too_low',
      entities: [entity('orders')],
      objects: [
        ...deployment('orders'),
        pod('orders', {
          waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s' },
          lastTerminated: { reason: 'OOMKilled', exitCode: 137 },
        }),
      ],
    });
    const { report } = await analyzeScenario({
      scenario,
      entities: [entity('orders')],
    });
    expect(report.rootCause.category).toBe('oom_killed_limit_too_low');
  });
});

describe('old Jobs', () => {
  it('rules out a Job that failed before the window', async () => {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: 'orders-migrate',
        namespace: NS,
        labels: { 'backstage.io/kubernetes-id': 'orders' },
      },
      spec: { backoffLimit: 2, template: { spec: { containers: [] } } },
      status: {
        failed: 3,
        conditions: [
          {
            type: 'Failed',
            status: 'True',
            reason: 'BackoffLimitExceeded',
            message: 'Job has reached the specified backoff limit',
            lastTransitionTime: 'now-5h',
          },
        ],
      },
    };
    const scenario = scenarioOf({
      name: 'old-failed-job',
      expected: 'no_issue_healthy',
      entities: [entity('orders')],
      objects: [...deployment('orders'), pod('orders'), job],
    });
    const { report } = await analyzeScenario({
      scenario,
      entities: [entity('orders')],
    });
    expect(report.rootCause.category).toBe('no_issue_healthy');
    expect(
      report.ruledOut?.find(r => r.category === 'job_backoff_limit_exceeded')
        ?.reason,
    ).toMatch(/Job orders-migrate failed at .*, before the window/);
  });
});

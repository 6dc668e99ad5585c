/* eslint-disable no-console */
import {
  KubernetesStandIn,
  type KubeObject,
  materializeTimes,
  type Scenario,
} from '@internal/k8s-standin';
import { deployment, event, node, NS, pod } from '../src/__testUtils__/kit';
import { VictoriaLogsStandIn } from '@internal/victorialogs-standin';
import { analyzeScenario, component } from '../src/__testUtils__/harness';
import { startVictoriaMetrics } from '../src/__testUtils__/victoriaMetricsServer';
import { entity, scenarioOf } from '../src/__testUtils__/kit';
import {
  httpTraffic,
  latency,
  step,
  STREAM_FIELDS,
  toImport,
  toLogRows,
  type LogSpec,
} from '../src/__testUtils__/signalsKit';

// `yarn bench:rca`: collection + analysis + rendering (no LLM, no push) against the stand-in.
function cluster(pods: number, events: number, changed = 0): KubeObject[] {
  const objects: KubeObject[] = [...deployment('checkout', { replicas: pods })];
  const changes = changedObjects(changed);
  const mounts = changes.filter(
    o => o.kind === 'ConfigMap' || o.kind === 'Secret',
  );
  for (let i = 0; i < pods; i++) {
    const crashing = i % 10 === 0;
    objects.push(
      pod('checkout', {
        name: `checkout-rs1-${i.toString(36).padStart(5, '0')}`,
        node: `node-${i % 20}`,
        volumes: volumesOf(mounts, i),
        ...(crashing
          ? {
              waiting: { reason: 'CrashLoopBackOff' },
              lastTerminated: { reason: 'OOMKilled', exitCode: 137 },
            }
          : {}),
      }),
    );
  }
  objects.push(...changes);
  for (let i = 0; i < 20; i++) objects.push(node(`node-${i}`));
  for (let i = 0; i < events; i++) {
    const target =
      i % 2 === 0
        ? `checkout-rs1-${(i % pods).toString(36).padStart(5, '0')}`
        : `other-${i}`;
    objects.push(
      event(
        'Pod',
        target,
        i % 3 ? 'BackOff' : 'Unhealthy',
        `event ${i} about ${target}`,
        { first: `now-${(i % 50) + 1}m` },
      ),
    );
  }
  return objects;
}

/**
 * `n` objects of the change timeline, each written three times in the lookback: ConfigMaps and
 * Secrets the pods mount (30 % each), NetworkPolicies selecting the pods (20 %), Roles and
 * RoleBindings of their service account (10 % each).
 */
function changedObjects(n: number): KubeObject[] {
  const writes = (i: number) =>
    [50, 30, 10].map((ago, k) => ({
      manager: k ? 'argocd-controller' : 'kubectl-client-side-apply',
      operation: k ? 'Apply' : 'Update',
      apiVersion: 'v1',
      time: `now-${ago + (i % 7)}m`,
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:data': { [`f:key${k}`]: {} } },
    }));
  const meta = (name: string, i: number) => ({
    name,
    namespace: NS,
    creationTimestamp: 'now-30d',
    managedFields: writes(i),
  });
  const kinds: Array<[string, string, number, (i: number) => object]> = [
    ['v1', 'ConfigMap', 0.3, () => ({ data: { 'app.yaml': 'x: 1' } })],
    ['v1', 'Secret', 0.3, () => ({ type: 'Opaque', data: { k: 'dg==' } })],
    [
      'networking.k8s.io/v1',
      'NetworkPolicy',
      0.2,
      () => ({
        spec: {
          podSelector: { matchLabels: { app: 'checkout' } },
          policyTypes: ['Ingress'],
        },
      }),
    ],
    ['rbac.authorization.k8s.io/v1', 'Role', 0.1, () => ({ rules: [] })],
    [
      'rbac.authorization.k8s.io/v1',
      'RoleBinding',
      0.1,
      i => ({
        subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: NS }],
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'Role',
          name: `bench-role-${i}`,
        },
      }),
    ],
  ];
  return kinds.flatMap(([apiVersion, kind, share, body]) =>
    Array.from({ length: Math.round(n * share) }, (_, i) => ({
      apiVersion,
      kind,
      metadata: meta(
        `bench-${kind === 'RoleBinding' ? 'binding' : kind.toLowerCase()}-${i}`,
        i,
      ),
      ...body(i),
    })),
  ) as KubeObject[];
}

/** Each pod mounts a few of the ConfigMaps and Secrets, so that together they mount all. */
function volumesOf(mounts: KubeObject[], i: number) {
  if (!mounts.length) return undefined;
  return [0, 1, 2, 3, 4, 5].map(k => {
    const o = mounts[(i * 6 + k) % mounts.length];
    const name = o.metadata.name;
    return o.kind === 'Secret'
      ? { name: `v${k}`, secret: { secretName: name } }
      : { name: `v${k}`, configMap: { name } };
  });
}

const mb = (n: number) => (n / 1024 / 1024).toFixed(1);

async function measure(
  label: string,
  clusters: number,
  pods: number,
  events: number,
  runs = 5,
  changed = 0,
) {
  const scenario: Scenario = materializeTimes(
    {
      clusters: Object.fromEntries(
        Array.from({ length: clusters }, (_, i) => [
          `c${i}`,
          { objects: cluster(pods, events, changed) },
        ]),
      ),
    },
    new Date(),
  );
  const standIn = new KubernetesStandIn(scenario);
  await standIn.start();
  const entities = [component('checkout', { namespace: NS })];
  const times: number[] = [];
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  let category = '';
  let changes = 0;
  for (let r = 0; r < runs + 1; r++) {
    const t0 = performance.now();
    const { report } = await analyzeScenario({ scenario, entities, standIn });
    const dt = performance.now() - t0;
    if (r > 0) times.push(dt); // the first run warms up the client and the JIT
    category = report.rootCause.category;
    changes = report.changes?.length ?? 0;
  }
  clearInterval(sampler);
  await standIn.stop();
  times.sort((a, b) => a - b);
  return {
    label,
    pods: clusters * pods,
    events: clusters * events,
    median: times[Math.floor(times.length / 2)],
    rssGrowth: peak - rss0,
    category,
    changes,
  };
}

/** 20 pods with HTTP traffic and latency (200 series), and 50 000 log lines in the window. */
function signalsFixture(now: Date) {
  const A = 'checkout';
  const pods = Array.from(
    { length: 20 },
    (_, i) => `${A}-rs1-p${String(i).padStart(3, '0')}`,
  );
  const scenario = scenarioOf(
    {
      name: 'signals',
      expected: 'connection_pool_exhaustion',
      entities: [entity(A)],
      objects: [
        ...deployment(A, { replicas: 20 }),
        ...pods.map(name => pod(A, { name })),
      ],
    },
    now,
  );
  // 20 pods × (2 request counters + 8 latency buckets) = 200 series.
  const series = pods.flatMap(p => [
    ...httpTraffic(p, step(-20, 0.004, 0.2)),
    ...latency(p, step(-20, 0.1, 3)),
  ]);
  return { entities: [entity(A)], scenario, series, logs: signalLogs(pods) };
}

function signalLogs(pods: string[]): LogSpec[] {
  const words = [
    'orders',
    'payments',
    'ledger',
    'inventory',
    'sessions',
    'carts',
    'users',
    'search',
  ];
  const logs: LogSpec[] = [];
  for (let t = 0; t < 40; t++) {
    const word = words[t % words.length];
    logs.push({
      pod: pods[t % pods.length],
      level: t % 3 === 0 ? 'info' : 'error',
      message: i =>
        `${word} worker ${t} step ${t % 7} failed for id ${i * 7919} after ${
          i % 900
        } ms (attempt ${i % 5})`,
      count: 1000,
      from: -60,
      to: 0,
    });
  }
  logs.push({
    pod: pods[0],
    level: 'error',
    message: i =>
      `HikariPool-1 - Connection is not available, request timed out after ${
        30000 + i
      }ms`,
    count: 10_000,
    from: -20,
    to: 0,
  });
  return logs;
}

/** Kubernetes + 200 series in VictoriaMetrics + 50 000 log lines in the window, end to end. */
async function measureSignals(runs = 5) {
  const now = new Date();
  const { entities, scenario, series, logs } = signalsFixture(now);
  const k8s = new KubernetesStandIn(scenario);
  const vl = new VictoriaLogsStandIn();
  await Promise.all([k8s.start(), vl.start()]);
  const vm = await startVictoriaMetrics();
  try {
    await vm.load(toImport(series, now));
    const rows = toLogRows(logs, now);
    vl.ingest(rows, { streamFields: STREAM_FIELDS });
    const times: number[] = [];
    let category = '';
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const { report } = await analyzeScenario({
        scenario,
        entities,
        standIn: k8s,
        victoriaMetricsUrl: vm.url,
        victoriaLogsUrl: vl.url,
        window: { from: new Date(now.getTime() - 3_600_000), to: now },
      });
      times.push(performance.now() - t0);
      category = report.rootCause.category;
    }
    times.sort((a, b) => a - b);
    return {
      lines: rows.length,
      series: series.length,
      median: times[times.length >> 1],
      category,
    };
  } finally {
    await Promise.all([k8s.stop(), vl.stop(), vm.stop()]);
  }
}

async function main() {
  const rows = [];
  rows.push(await measure('1 cluster × 10 pods', 1, 10, 50));
  rows.push(await measure('1 cluster × 100 pods', 1, 100, 500));
  rows.push(await measure('1 cluster × 1 000 pods', 1, 1000, 5000, 3));
  rows.push(
    await measure(
      '3 clusters × 100 pods, 5 000 events, 500 changed objects each',
      3,
      100,
      1667,
      5,
      500,
    ),
  );
  console.log(
    '| run | pods | events | median | ms per pod | peak RSS growth | root cause | changes reported |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.label} | ${r.pods} | ${r.events} | ${r.median.toFixed(0)} ms | ${(
        r.median / r.pods
      ).toFixed(2)} | ${mb(r.rssGrowth)} MB | ${r.category} | ${r.changes} |`,
    );
  }
  const target = rows[3];
  const growth =
    rows[2].median / rows[2].pods / (rows[1].median / rows[1].pods);
  const maxRss = Math.max(...rows.map(r => r.rssGrowth));
  console.log('');
  console.log('| target | measured | goal | ok |');
  console.log('|---|---|---|---|');
  console.log(
    `| 3 × 100 pods median | ${target.median.toFixed(0)} ms | ≤ 1500 ms | ${
      target.median <= 1500 ? '✓' : '✗'
    } |`,
  );
  console.log(
    `| per-pod cost 1 000 vs 100 pods | ${growth.toFixed(
      2,
    )}× | ≤ 1.5× (linear) | ${growth <= 1.5 ? '✓' : '✗'} |`,
  );
  console.log(
    `| peak RSS growth | ${mb(maxRss)} MB | ≤ 150 MB | ${
      maxRss <= 150 * 1024 * 1024 ? '✓' : '✗'
    } |`,
  );
  const signals = await measureSignals();
  console.log(
    `| ${signals.series} series + ${signals.lines.toLocaleString(
      'en-US',
    )} log lines, 20 pods: collection + mining + analysis median | ${signals.median.toFixed(
      0,
    )} ms | ≤ 2000 ms | ${signals.median <= 2000 ? '✓' : '✗'} |`,
  );
  console.log(`\n(root cause of the signals run: ${signals.category})`);
  const pass =
    target.median <= 1500 &&
    growth <= 1.5 &&
    maxRss <= 150 * 1024 * 1024 &&
    signals.median <= 2000;
  console.log(pass ? '\nPASS: all targets met' : '\nFAIL: a target is missed');
  process.exit(pass ? 0 : 1);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});

/* eslint-disable no-console */
import {
  KubernetesStandIn,
  type KubeObject,
  materializeTimes,
  type Scenario,
} from '@internal/k8s-standin';
import { deployment, event, node, NS, pod } from '../eval/kit';
import { analyzeScenario, component } from '../testing/harness';

// `yarn bench:rca`: collection + analysis + rendering (no LLM, no push) against the stand-in.
function cluster(pods: number, events: number): KubeObject[] {
  const objects: KubeObject[] = [...deployment('checkout', { replicas: pods })];
  for (let i = 0; i < pods; i++) {
    const crashing = i % 10 === 0;
    objects.push(
      pod('checkout', {
        name: `checkout-rs1-${i.toString(36).padStart(5, '0')}`,
        node: `node-${i % 20}`,
        ...(crashing
          ? {
              waiting: { reason: 'CrashLoopBackOff' },
              lastTerminated: { reason: 'OOMKilled', exitCode: 137 },
            }
          : {}),
      }),
    );
  }
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

const mb = (n: number) => (n / 1024 / 1024).toFixed(1);

async function measure(
  label: string,
  clusters: number,
  pods: number,
  events: number,
  runs = 5,
) {
  const scenario: Scenario = materializeTimes(
    {
      clusters: Object.fromEntries(
        Array.from({ length: clusters }, (_, i) => [
          `c${i}`,
          { objects: cluster(pods, events) },
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
  for (let r = 0; r < runs + 1; r++) {
    const t0 = performance.now();
    const { report } = await analyzeScenario({ scenario, entities, standIn });
    const dt = performance.now() - t0;
    if (r > 0) times.push(dt); // the first run warms up the client and the JIT
    category = report.rootCause.category;
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
  };
}

async function main() {
  const rows = [];
  rows.push(await measure('1 cluster × 10 pods', 1, 10, 50));
  rows.push(await measure('1 cluster × 100 pods', 1, 100, 500));
  rows.push(await measure('1 cluster × 1 000 pods', 1, 1000, 5000, 3));
  rows.push(await measure('3 clusters × 100 pods, 5 000 events', 3, 100, 1667));
  console.log(
    '| run | pods | events | median | ms per pod | peak RSS growth | root cause |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.label} | ${r.pods} | ${r.events} | ${r.median.toFixed(0)} ms | ${(
        r.median / r.pods
      ).toFixed(2)} | ${mb(r.rssGrowth)} MB | ${r.category} |`,
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
  const pass =
    target.median <= 1500 && growth <= 1.5 && maxRss <= 150 * 1024 * 1024;
  console.log(pass ? '\nPASS: all targets met' : '\nFAIL: a target is missed');
  process.exit(pass ? 0 : 1);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});

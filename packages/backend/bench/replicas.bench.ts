/*
 * Analyses per minute with one and with two backend replicas on one PostgreSQL (the durable queue
 * of the rca plugin), each replica a process of its own, against the Kubernetes stand-in answering
 * every call after CLUSTER_DELAY_MS, the latency of a busy API server.
 *
 *   yarn workspace backend bench
 *
 * Uses BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING, or starts scripts/postgres.sh.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import {
  allFinished,
  ReplicaCluster,
  submitRoundRobin,
} from '../src/__testUtils__/ReplicaCluster';

const ANALYSES = 16;
const CLUSTER_DELAY_MS = 500;
const MAX_CONCURRENT = 2;
/** Two replicas should come close to twice the work of one: analyses wait on I/O, not on CPU. */
const TARGET_SPEEDUP = 1.5;

function postgresUrl(): string {
  const url = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (url) return url;
  const script = resolve(__dirname, '../../../scripts/postgres.sh');
  const started = spawnSync('bash', [script, 'start'], { encoding: 'utf8' });
  if (started.status !== 0)
    throw new Error(`scripts/postgres.sh start failed: ${started.stderr}`);
  return started.stdout.trim();
}

/** Analyses per minute of `replicas` replicas, queue full from the start. */
async function measure(postgres: string, replicas: number) {
  const cluster = new ReplicaCluster({
    postgres,
    leaseSeconds: 30,
    maxConcurrentAnalyses: MAX_CONCURRENT,
  });
  try {
    await cluster.start();
    cluster.standIn.setFaults('demo', { delayMs: CLUSTER_DELAY_MS });
    const started = [];
    for (let i = 0; i < replicas; i++)
      started.push(await cluster.startReplica(`r${i}`));
    // Warm-up: every replica's catalog has the component and its engine has run once.
    await allFinished(
      started[0],
      (await submitRoundRobin(started, replicas, 'WARMUP')).flat(),
    );
    const t0 = Date.now();
    const ids = (await submitRoundRobin(started, ANALYSES, 'BENCH')).flat();
    const records = await allFinished(started[0], ids);
    const seconds = (Date.now() - t0) / 1000;
    const failed = records.filter(r => r.status !== 'completed').length;
    if (failed) throw new Error(`${failed} analyses failed`);
    return { replicas, seconds, perMinute: (ANALYSES / seconds) * 60 };
  } finally {
    await cluster.stop();
  }
}

async function main() {
  const postgres = postgresUrl();
  const one = await measure(postgres, 1);
  const two = await measure(postgres, 2);
  const rows = [
    ['replicas', 'analyses', 'seconds', 'analyses/min', 'target', 'result'],
    [
      '1',
      String(ANALYSES),
      one.seconds.toFixed(1),
      one.perMinute.toFixed(1),
      'baseline',
      '-',
    ],
    [
      '2',
      String(ANALYSES),
      two.seconds.toFixed(1),
      two.perMinute.toFixed(1),
      `>= ${TARGET_SPEEDUP}x baseline`,
      `${(two.perMinute / one.perMinute).toFixed(2)}x ${
        two.perMinute >= one.perMinute * TARGET_SPEEDUP ? 'PASS' : 'FAIL'
      }`,
    ],
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)));
  const line = (r: string[]) =>
    `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const out = [
    `Analyses per minute (maxConcurrentAnalyses ${MAX_CONCURRENT} per replica, cluster latency ${CLUSTER_DELAY_MS} ms, PostgreSQL queue)`,
    line(rows[0]),
    line(widths.map(w => '-'.repeat(w))),
    ...rows.slice(1).map(line),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch(e => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});

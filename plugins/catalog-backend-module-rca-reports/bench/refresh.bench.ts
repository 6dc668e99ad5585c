/* eslint-disable no-console */
/**
 * `yarn bench:reports`: how long the provider takes to read N committed reports from a real local
 * Git repository and hand them to the catalog (cold: a fresh mirror; warm: one new report on top).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { RcaReport } from '@internal/plugin-rca-common';
import {
  GitPublisher,
  renderMarkdown,
  ReportRepository,
  reportPath,
} from '@internal/plugin-rca-node';
import { RcaReportEntityProvider } from '../src/provider/RcaReportEntityProvider';

const COUNT = Number(process.env.REPORTS ?? 1000);
const RUNS = 5;
const TARGET_MS = 2000;

/** A report the size of a real one: 5 hypotheses, 14 timeline entries, 40 evidence items. */
function realisticReport(i: number): RcaReport {
  const at = (m: number) =>
    new Date(Date.UTC(2026, 10, 23, 9, m)).toISOString();
  const evidence = Array.from({ length: 40 }, (_, e) => ({
    id: `E${e + 1}`,
    source: e % 3 ? 'kubernetes' : 'victorialogs',
    cluster: 'prod-eu',
    object: `Pod payments-prod/payments-7f9c6d8b5-${e}x2`,
    field: 'status.containerStatuses[0].lastState',
    text: `container payments exits with code 1: FATAL config: required environment variable PAYMENTS_DB_POOL_SIZE is not set (restart ${e})`,
    timestamp: at(e % 60),
    severity: (['info', 'warning', 'error'] as const)[e % 3],
  }));
  return {
    id: `bench-${i}`,
    title: `Payments incident ${i}`,
    entityRef: `component:default/service-${i % 50}`,
    owner: `group:default/team-${i % 10}`,
    window: { from: at(0), to: at(59) },
    generatedAt: at(59),
    status: i % 4 ? 'complete' : 'degraded',
    rootCause: {
      category: 'crashloop_missing_env_or_config',
      title: 'Crash loop: required configuration missing at start-up',
      confidence: 0.78,
    },
    hypotheses: Array.from({ length: 5 }, (_, h) => ({
      rank: h + 1,
      category: 'crashloop_missing_env_or_config' as const,
      title: `Hypothesis ${h}`,
      confidence: 0.78 - h * 0.1,
      object: 'Deployment payments-prod/payments',
      onset: at(12),
      explanation: 'It began after rollout revision 7 (image 2.7.3 → 2.8.0).',
      evidence: ['E1', 'E2', 'E3'],
    })),
    summary:
      'Most likely root cause: a missing environment variable after rollout 7.',
    impact: '3 of 3 pods not ready across 1 cluster(s)',
    nextSteps: [
      {
        text: 'Roll back',
        command: 'kubectl -n payments-prod rollout undo deployment/payments',
      },
    ],
    timeline: Array.from({ length: 14 }, (_, t) => ({
      at: at(t * 4),
      text: `Event ${t}: Back-off restarting failed container`,
      evidence: [`E${t + 1}`],
      kind: 'symptom' as const,
    })),
    evidence,
    evidenceOmitted: 12,
    gaps: [],
    sources: [{ name: 'kubernetes', status: 'ok' }],
    queries: ['GET /api/v1/namespaces/payments-prod/pods'],
    generator: { version: 'bench', llm: { used: false } },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** A bare repository holding COUNT reports in one commit, plus a publisher to add more. */
async function seedRepository(dir: string) {
  const remote = join(dir, 'reports.git');
  const publisher = new GitPublisher({
    url: remote,
    branch: 'main',
    directory: 'reports/rca',
    author: { name: 'bench', email: 'bench@example.com' },
    workDir: join(dir, 'work'),
    createIfMissing: true,
  });
  await publisher.publish({
    path: 'reports/rca/seed.md',
    content: renderMarkdown(realisticReport(-1)),
    message: 'seed',
  });
  const work = join(dir, 'work');
  let bytes = 0;
  for (let i = 0; i < COUNT - 1; i++) {
    const r = realisticReport(i);
    const path = reportPath({
      directory: 'reports/rca',
      entityRef: r.entityRef,
      id: r.id,
      at: r.window.to,
    });
    const content = renderMarkdown(r);
    bytes += content.length;
    mkdirSync(dirname(join(work, path)), { recursive: true });
    writeFileSync(join(work, path), content);
  }
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', work, ...args], { stdio: 'pipe' });
  git('add', '.');
  git('-c', 'user.name=b', '-c', 'user.email=b@x', 'commit', '-qm', 'bulk');
  git('push', '-q', 'origin', 'HEAD:main');
  return { remote, publisher, bytes };
}

/** RUNS times: a cold refresh from a fresh mirror, then a warm one after one more report. */
async function measureRefreshes(
  dir: string,
  remote: string,
  publisher: GitPublisher,
) {
  const cold: number[] = [];
  const warm: number[] = [];
  let entities = 0;
  for (let run = 0; run < RUNS; run++) {
    let applied = 0;
    const provider = new RcaReportEntityProvider({
      repository: new ReportRepository({
        url: remote,
        branch: 'main',
        directory: 'reports/rca',
        mirrorDir: join(dir, `mirror-${run}`),
      }),
      taskRunner: { run: async () => {} },
      logger: {
        info() {},
        warn() {},
        error() {},
        debug() {},
        child() {
          return this;
        },
      } as any,
      defaultOwner: 'group:default/sre',
    });
    await provider.connect({
      applyMutation: async m => {
        applied = m.type === 'full' ? m.entities.length : 0;
      },
      refresh: async () => {},
    });
    let t = performance.now();
    await provider.refresh();
    cold.push(performance.now() - t);
    entities = applied;
    await publisher.publish({
      path: `reports/rca/extra-${run}.md`,
      content: renderMarkdown(realisticReport(100_000 + run)),
      message: `extra ${run}`,
    });
    t = performance.now();
    await provider.refresh();
    warm.push(performance.now() - t);
  }
  return { cold, warm, entities };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'rca-reports-bench-'));
  try {
    const { remote, publisher, bytes } = await seedRepository(dir);
    const { cold, warm, entities } = await measureRefreshes(
      dir,
      remote,
      publisher,
    );
    const row = (name: string, ms: number) =>
      `| ${name} | ${ms.toFixed(0)} ms | ≤ ${TARGET_MS} ms | ${
        ms <= TARGET_MS ? 'pass' : 'FAIL'
      } |`;
    console.log(
      `\n${COUNT} reports, ${(bytes / COUNT / 1024).toFixed(
        1,
      )} KB each on average, ${entities} entities emitted; median of ${RUNS} runs\n`,
    );
    console.log('| refresh | median | target | result |');
    console.log('|---|---|---|---|');
    console.log(
      row('cold (new mirror, every file read and parsed)', median(cold)),
    );
    console.log(row('warm (one new report on top)', median(warm)));
    if (median(cold) > TARGET_MS) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});

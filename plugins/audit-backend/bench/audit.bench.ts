/*
 * yarn bench:audit — the audit pipeline's cost.
 *  1. Redaction + validation + serialisation throughput on realistic events (target ≥ 50 000/s).
 *  2. Added latency of the HTTP audit middleware on a real backend route, measured with
 *     autocannon in a separate process (target ≤ 0.3 ms median).
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { emitterPlugin } from '../src/__testUtils__/emitterPlugin';
import { startAuditedBackend } from '../src/__testUtils__/startAuditedBackend';
import { auditorEvent } from '../src/events/auditorEvent';
import { AuditHub } from '../src/service/AuditHub';

const run = promisify(execFile);
const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The events a busy backend emits: catalog reads, scaffolder tasks with parameters, API calls with bodies. */
function realisticInputs(n: number) {
  const fakeToken = [
    'eyJhbGciOiJSUzI1NiJ9',
    'eyJzdWIiOiJ1c2VyOmRlZmF1bHQvamFuZSJ9',
    'c2lnbmF0dXJl',
  ].join('.');
  const inputs = [];
  for (let i = 0; i < n; i++) {
    switch (i % 3) {
      case 0:
        inputs.push({
          plugin: 'catalog',
          eventId: 'entity-fetch',
          severity: 'low' as const,
          outcome: 'success' as const,
          meta: {
            queryType: 'by-refs',
            entityRefs: [
              `component:default/svc-${i % 50}`,
              'group:default/platform',
            ],
          },
        });
        break;
      case 1:
        inputs.push({
          plugin: 'scaffolder',
          eventId: 'task',
          severity: 'medium' as const,
          outcome: 'success' as const,
          meta: {
            actionType: 'create',
            templateRef: 'template:default/rca-analyze',
            taskParameters: {
              entityRef: `component:default/payments-${i % 20}`,
              window: {
                from: '2026-11-23T10:00:00Z',
                to: '2026-11-23T11:00:00Z',
              },
              notes: `pods restarting after deploy ${i}; see https://grafana.example.com/d/abc?orgId=1&var-ns=payments-prod`,
              llm: { apiKey: `sk-${'x'.repeat(40)}`, model: 'gpt-4o-mini' },
            },
          },
        });
        break;
      default:
        inputs.push({
          plugin: 'rca',
          eventId: 'analysis-create',
          severity: 'medium' as const,
          outcome: i % 9 === 2 ? ('failure' as const) : ('success' as const),
          meta: {
            requestBody: {
              entityRef: 'component:default/payments',
              window: { last: '1h' },
              title: `Checkout errors ${i}`,
              context: {
                headers: {
                  authorization: `Bearer ${fakeToken}`,
                  'x-request-id': `r-${i}`,
                },
              },
              evidence: Array.from({ length: 8 }, (_, k) => ({
                kind: 'log',
                text: `GET /api/pay?token=abc${k} 502 upstream timeout after 30s`,
              })),
            },
            responseBody: {
              id: `a-${i}`,
              status: 'queued',
              links: { self: `http://backstage/api/rca/v1/analyses/a-${i}` },
            },
          },
        });
    }
  }
  return inputs;
}

async function throughput() {
  const hub = new AuditHub({ maxBuffered: 10_000_000 });
  hub.subscribe(async () => {});
  const inputs = realisticInputs(60_000);
  let bytes = 0;
  const runOnce = () => {
    const t0 = performance.now();
    for (const input of inputs) hub.emit(auditorEvent(input, hub.redactor));
    return performance.now() - t0;
  };
  runOnce(); // warm-up: JIT, key cache
  await hub.flush();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    times.push(runOnce());
    await hub.flush(); // hand the batch to the (discarding) consumer, as the outbox writer would
  }
  for (const input of inputs.slice(0, 3000))
    bytes += JSON.stringify(auditorEvent(input, hub.redactor)).length;
  const ms = median(times);
  return {
    eventsPerSec: Math.round(inputs.length / (ms / 1000)),
    avgBytes: Math.round(bytes / 3000),
  };
}

const authorization = () => mockCredentials.user.header('user:default/jane');

/** Throughput under load (autocannon, 4 connections, 8 s). */
async function cannon(url: string, seconds = 8) {
  const bin = require.resolve('autocannon/autocannon.js');
  const { stdout } = await run(
    process.execPath,
    [
      bin,
      '-j',
      '-c',
      '4',
      '-d',
      String(seconds),
      '-H',
      `authorization=${authorization()}`,
      url,
    ],
    { maxBuffer: 50 * 1024 * 1024 },
  );
  const r = JSON.parse(stdout);
  return {
    rps: r.requests.average as number,
    errors: (r.errors + r.non2xx) as number,
  };
}

/** Per-request latency, sequential requests (autocannon reports whole milliseconds only). */
async function probe(url: string) {
  const { stdout } = await run(process.execPath, [
    require.resolve('./latencyProbe.mjs'),
    url,
    '4000',
    authorization(),
  ]);
  return JSON.parse(stdout) as {
    p50: number;
    p90: number;
    p99: number;
    errors: number;
  };
}

async function latency() {
  const cases = [
    { name: 'no audit features', withAudit: false, http: true },
    { name: 'audit, middleware off', withAudit: true, http: false },
    { name: 'audit, middleware on', withAudit: true, http: true },
  ];
  const out: Record<
    string,
    { p50: number; p90: number; p99: number; rps: number; errors: number }
  > = {};
  for (const c of cases) {
    const backend = await startAuditedBackend({
      features: [emitterPlugin],
      withAudit: c.withAudit,
      config: { audit: { http: { enabled: c.http } } },
    });
    try {
      const url = `${backend.url}/api/emitter/things?q=pods`;
      // Median of three probes, then throughput.
      const probes = [await probe(url), await probe(url), await probe(url)];
      const load = await cannon(url);
      out[c.name] = {
        p50: median(probes.map(p => p.p50)),
        p90: median(probes.map(p => p.p90)),
        p99: median(probes.map(p => p.p99)),
        rps: load.rps,
        errors: load.errors + probes.reduce((n, p) => n + p.errors, 0),
      };
    } finally {
      await backend.stop();
    }
  }
  return out;
}

async function main() {
  const t = await throughput();
  const l = await latency();
  const off = l['audit, middleware off'];
  const on = l['audit, middleware on'];
  const added = on.p50 - off.p50;
  const rows = [
    [
      'redaction + validation + serialisation',
      `${t.eventsPerSec.toLocaleString('en')} events/s (avg ${
        t.avgBytes
      } B/event)`,
      '≥ 50 000 events/s',
      t.eventsPerSec >= 50_000 ? 'ok' : 'MISSED',
    ],
    ...Object.entries(l).map(([name, r]) => [
      `GET route, ${name}`,
      `p50 ${r.p50.toFixed(3)} ms, p90 ${r.p90.toFixed(
        3,
      )} ms, p99 ${r.p99.toFixed(3)} ms; ${Math.round(
        r.rps,
      )} req/s at 4 connections${r.errors ? `; ${r.errors} errors` : ''}`,
      '',
      '',
    ]),
    [
      'middleware added latency (median)',
      `${added.toFixed(3)} ms`,
      '≤ 0.3 ms',
      added <= 0.3 ? 'ok' : 'MISSED',
    ],
  ];
  console.log('\n| measure | result | target | |\n| --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});

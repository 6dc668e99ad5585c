import { VictoriaLogsStandIn } from '@internal/victorialogs-standin';
import { STREAM_FIELDS } from '../../__testUtils__/signalsKit';
import type { RcaTarget } from '../../contracts';
import { scopeOf } from '../shared/targetScope';
import { LOG_FIELD_PRESETS } from './logFields';
import { readStartupLines, STARTUP_LIMITS } from './startupLines';
import { VictoriaLogsClient } from './VictoriaLogsClient';
import { VictoriaLogsCollector } from './VictoriaLogsCollector';

// The second read through the real client against the VictoriaLogs stand-in.
const vl = new VictoriaLogsStandIn();
const now = new Date();
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

function row(
  ns: string,
  pod: string,
  container: string,
  msg: string,
  m: number,
) {
  return {
    _time: minutesAgo(m).toISOString(),
    _msg: msg,
    level: 'info',
    kubernetes: {
      pod_namespace: ns,
      pod_name: pod,
      container_name: container,
    },
  };
}

beforeAll(async () => {
  await vl.start();
  vl.ingest(
    [
      row(
        'shop',
        'api-6d8f7-x2x9z',
        'api',
        'HTTP server listening on :9000',
        30,
      ),
      ...Array.from({ length: 40 }, (_, i) =>
        row(
          'shop',
          'api-6d8f7-x2x9z',
          'init-db',
          "nslookup: can't resolve 'db.shop.svc.cluster.local'",
          29 - i / 2,
        ),
      ),
      row(
        'shop',
        'api-8d7c-4wq9m',
        'sched',
        'I1207 21:40:00.123456       1 secure_serving.go:213] Serving securely on 127.0.0.1:10259',
        25,
      ),
      // Same pod name in a namespace the user may not read: never returned.
      row('payments', 'api-6d8f7-x2x9z', 'api', 'listening on :7777', 30),
      // A chatty app: the read stays within its bounds.
      ...Array.from({ length: 600 }, (_, i) =>
        row(
          'shop',
          'api-6d8f7-aaaaa',
          'api',
          `request ${i} served, worker started`,
          20 - i / 100,
        ),
      ),
    ],
    { streamFields: STREAM_FIELDS },
  );
});

afterAll(() => vl.stop());

it('reads start-up and lookup lines at any level, only in the readable namespaces, bounded', async () => {
  const fields = LOG_FIELD_PRESETS.vector;
  const client = new VictoriaLogsClient({ url: vl.url, timeoutMs: 5000 });
  const collector = new VictoriaLogsCollector({ client, fields });
  const target = {
    entityRef: 'component:default/api',
    role: 'target',
    entity: { metadata: { name: 'api' } },
    namespaces: ['shop'],
  } as unknown as RcaTarget;
  const queries: string[] = [];
  const { lines, resolveFailures } = await readStartupLines({
    client,
    fields,
    selector: collector.selector(scopeOf(target)),
    incident: { start: minutesAgo(60), end: now },
    baseline: { start: minutesAgo(120), end: minutesAgo(60) },
    span: 3_600_000,
    query: q => queries.push(q),
  });
  expect(queries).toHaveLength(2);
  for (const q of queries)
    expect(q).toContain('{kubernetes.pod_namespace="shop",');
  expect(lines.some(l => l.text.includes(':7777'))).toBe(false);
  expect(lines.find(l => l.container === 'api' && l.port)).toMatchObject({
    pod: 'api-6d8f7-x2x9z',
    port: 9000,
  });
  // Each of the two reads is bounded.
  expect(lines.length).toBeLessThanOrEqual(2 * STARTUP_LIMITS.lines);
  expect(lines.reduce((n, l) => n + l.text.length, 0)).toBeLessThanOrEqual(
    2 * STARTUP_LIMITS.bytes,
  );
  // An app bound to loopback only: no probe from outside the pod can reach it.
  expect(lines.find(l => l.pod === 'api-8d7c-4wq9m')).toMatchObject({
    port: 10259,
    loopback: true,
  });
  expect(lines.find(l => l.port === 9000)?.loopback).toBeUndefined();
  expect(resolveFailures.map(t => t.exemplars[0])).toEqual([
    "nslookup: can't resolve 'db.shop.svc.cluster.local'",
  ]);
});

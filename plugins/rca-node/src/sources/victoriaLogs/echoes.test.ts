import { VictoriaLogsStandIn } from '@internal/victorialogs-standin';
import { STREAM_FIELDS } from '../../__testUtils__/signalsKit';
import type { CollectorContext, RcaTarget } from '../../contracts';
import { EvidenceLedger } from '../../contracts';
import { scopeOf } from '../shared/targetScope';
import { echoPhrase, type LogEcho, readEchoes } from './echoes';
import { LOG_FIELD_PRESETS } from './logFields';
import { VictoriaLogsClient } from './VictoriaLogsClient';
import { VictoriaLogsCollector } from './VictoriaLogsCollector';

describe('echoPhrase', () => {
  it('takes the innermost cause of a wrapped error, without its variables', () => {
    expect(
      echoPhrase(
        'level=eror msg="Server shutdown" reason="Service init failed: migration failed (id = create migration_log table): pq: the database system is starting up"',
      ),
    ).toBe('the database system is starting up');
    expect(
      echoPhrase(
        '{"level":"error","msg":"Failed to ping DB","error":"dial tcp 10.12.40.17:5432: i/o timeout"}',
      ),
    ).toBe('Failed to ping DB');
    // Nothing but ids and short words: nothing worth searching for.
    expect(echoPhrase('GET /v1/items/8812 500 12ms')).toBeUndefined();
  });
});

// The third read through the real client against the VictoriaLogs stand-in.
const vl = new VictoriaLogsStandIn();
const now = new Date();
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const row = (ns: string, pod: string, container: string, msg: string) => ({
  _time: minutesAgo(10).toISOString(),
  _msg: msg,
  level: 'error',
  kubernetes: { pod_namespace: ns, pod_name: pod, container_name: container },
});
const SERVER_SIDE =
  '2026-12-07 10:00:01 UTC [31] FATAL:  the database system is starting up (SQLSTATE 57P03)';

beforeAll(async () => {
  await vl.start();
  vl.ingest(
    [
      row(
        'shop',
        'api-6d8f7-x2x9z',
        'api',
        'pq: the database system is starting up',
      ),
      row('shop', 'db-0', 'postgres', SERVER_SIDE),
      // The same words in a namespace the user may not read: never asked for, never shown.
      row('billing', 'ledger-db-0', 'postgres', SERVER_SIDE),
    ],
    { streamFields: STREAM_FIELDS },
  );
});

afterAll(() => vl.stop());

it('names the other pod of the readable namespace that logs the same message, with its line', async () => {
  const fields = LOG_FIELD_PRESETS.vector;
  const client = new VictoriaLogsClient({ url: vl.url, timeoutMs: 5000 });
  const collector = new VictoriaLogsCollector({ client, fields });
  const scope = scopeOf({
    entityRef: 'component:default/api',
    role: 'target',
    entity: { metadata: { name: 'api' } },
    namespaces: ['shop'],
  } as unknown as RcaTarget);
  const evidence = new EvidenceLedger();
  const queries: string[] = [];
  const template = {
    template: 'pq: the database system is starting up',
    exemplars: ['pq: the database system is starting up'],
    trend: 'new',
  } as Parameters<typeof readEchoes>[2][number] & { echoes?: LogEcho[] };
  await readEchoes(
    { evidence } as unknown as CollectorContext,
    {
      client,
      fields,
      selector: podRegex => collector.selector({ ...scope, podRegex }),
      ownPods: new RegExp(`^(?:${scope.podRegex})$`),
      incident: { start: minutesAgo(60), end: now },
      query: q => queries.push(q),
    },
    [template],
  );
  expect(template.echoes).toEqual([
    expect.objectContaining({ pod: 'db-0', container: 'postgres', count: 1 }),
  ]);
  expect(template.echoes?.[0].text).toContain('57P03');
  for (const q of queries)
    expect(q).toContain('{kubernetes.pod_namespace="shop",');
  expect(evidence.get(template.echoes![0].evidence)?.text).toContain(
    'pod db-0 logs the same message',
  );
  expect(evidence.size).toBe(1);
});

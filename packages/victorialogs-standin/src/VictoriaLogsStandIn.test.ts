import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { VictoriaLogsStandIn } from './VictoriaLogsStandIn';

/** Starts a stand-in for the calling describe block, emptied before each test. */
function setup() {
  const vl = new VictoriaLogsStandIn();
  beforeAll(() => vl.start());
  afterAll(() => vl.stop());
  beforeEach(() => vl.clear());

  const insert = (lines: object[], contentType = 'application/stream+json') =>
    fetch(
      `${vl.url}/insert/jsonline?_msg_field=log&_time_field=date&_stream_fields=kubernetes.namespace_name,kubernetes.pod_name`,
      {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: lines.map(l => JSON.stringify(l)).join('\n'),
      },
    );
  const select = (path: string, params: Record<string, string>) =>
    fetch(`${vl.url}/select/logsql/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params),
    });
  return { vl, insert, select };
}

const row = (i: number, level: string, log: string) => ({
  date: new Date(Date.UTC(2026, 0, 1, 12, 0, i)).toISOString(),
  log,
  level,
  kubernetes: { namespace_name: 'shop', pod_name: `checkout-${i % 2}` },
});

describe('VictoriaLogsStandIn', () => {
  const { insert, select } = setup();

  it('ingests NDJSON with flattened fields and answers the newest rows in ascending time', async () => {
    const res = await insert(
      [0, 1, 2, 3].map(i => row(i, i ? 'error' : 'info', `line ${i}`)),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const q = await select('query', {
      query:
        '{kubernetes.namespace_name="shop",kubernetes.pod_name=~"checkout-.*"} level:in(error)',
      limit: '2',
    });
    expect(q.headers.get('content-type')).toBe('application/stream+json');
    const rows = (await q.text())
      .trim()
      .split('\n')
      .map(l => JSON.parse(l));
    expect(rows.map(r => r._msg)).toEqual(['line 2', 'line 3']);
    expect(rows[0]['kubernetes.pod_name']).toBe('checkout-0');
  });

  it('stores nothing for a form content type, yet answers 200 like the real server', async () => {
    expect(
      (
        await insert(
          [row(0, 'error', 'x')],
          'application/x-www-form-urlencoded',
        )
      ).status,
    ).toBe(200);
    const q = await select('query', { query: 'i(x)' });
    expect(await q.text()).toBe('');
  });

  it('answers stats by field in Prometheus vector form, and 422 JSON without a stats pipe', async () => {
    await insert([0, 1, 2].map(i => row(i, i ? 'error' : 'info', `line ${i}`)));
    const ok = await select('stats_query', {
      query:
        '{kubernetes.namespace_name="shop"} | stats by (level) count() as n',
    });
    const body = await ok.json();
    expect(body.status).toBe('success');
    expect(body.data.result).toEqual(
      expect.arrayContaining([
        {
          metric: { __name__: 'n', level: 'error' },
          value: [expect.any(Number), '2'],
        },
        {
          metric: { __name__: 'n', level: 'info' },
          value: [expect.any(Number), '1'],
        },
      ]),
    );
    const bad = await select('stats_query', {
      query: '{kubernetes.namespace_name="shop"}',
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).errorType).toBe('422');
  });
});

describe('VictoriaLogsStandIn errors and tenants', () => {
  const { vl, insert, select } = setup();

  it('refuses LogsQL it does not understand with a 400 text error instead of guessing', async () => {
    const res = await select('query', {
      query: '{kubernetes.namespace_name="shop"} | collapse_nums',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/cannot parse query/);
    const res2 = await select('query', { query: 'level:>5' });
    expect(res2.status).toBe(400);
  });

  it('reports an error mid-stream as a non-JSON line and a cut connection', async () => {
    await insert([0, 1, 2, 3].map(i => row(i, 'error', `line ${i}`)));
    vl.setFaults({ midStreamErrorAfter: 2 });
    try {
      const { status, body, aborted } = await new Promise<{
        status?: number;
        body: string;
        aborted: boolean;
      }>(resolve => {
        let data = '';
        const req = request(
          `${vl.url}/select/logsql/query?query=${encodeURIComponent(
            'i(line)',
          )}`,
          res => {
            res.on('data', c => {
              data += c;
            });
            res.on('end', () =>
              resolve({ status: res.statusCode, body: data, aborted: false }),
            );
            res.on('error', () =>
              resolve({ status: res.statusCode, body: data, aborted: true }),
            );
          },
        );
        req.end();
      });
      expect(status).toBe(200);
      const lines = body.split('\n').filter(Boolean);
      expect(lines.slice(0, 2).map(l => JSON.parse(l)._msg)).toEqual([
        'line 0',
        'line 1',
      ]);
      expect(lines[2]).toMatch(/^error during query execution/);
      expect(aborted).toBe(true);
    } finally {
      vl.setFaults({});
    }
  });

  it('keeps tenants apart by AccountID and ProjectID', async () => {
    await fetch(`${vl.url}/insert/jsonline`, {
      method: 'POST',
      headers: {
        'content-type': 'application/stream+json',
        AccountID: '7',
        ProjectID: '1',
      },
      body: JSON.stringify({ _msg: 'tenant line' }),
    });
    const other = await select('query', { query: 'i(tenant)' });
    expect(await other.text()).toBe('');
    const mine = await fetch(
      `${vl.url}/select/logsql/query?query=${encodeURIComponent('i(tenant)')}`,
      {
        headers: { AccountID: '7', ProjectID: '1' },
      },
    );
    expect(await mine.text()).toContain('tenant line');
  });
});

describe('VictoriaLogsStandIn ingestion details', () => {
  const vl = new VictoriaLogsStandIn({ retentionMs: 3_600_000 });
  beforeAll(() => vl.start());
  afterAll(() => vl.stop());

  it('decodes gzip bodies, drops rows past retention silently and matches * for everything', async () => {
    const now = new Date().toISOString();
    const old = new Date(Date.now() - 2 * 3_600_000).toISOString();
    const body = gzipSync(
      `${JSON.stringify({
        _msg: 'fresh',
        _time: now,
        plugin: 'rca',
      })}\n${JSON.stringify({ _msg: 'stale', _time: old, plugin: 'rca' })}\n`,
    );
    const res = await fetch(`${vl.url}/insert/jsonline?_stream_fields=plugin`, {
      method: 'POST',
      headers: {
        'content-type': 'application/stream+json',
        'content-encoding': 'gzip',
      },
      body,
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(vl.droppedRows).toBe(1);
    const q = await fetch(
      `${vl.url}/select/logsql/query?query=${encodeURIComponent('*')}`,
    );
    const rows = (await q.text())
      .trim()
      .split('\n')
      .map(l => JSON.parse(l));
    expect(rows.map(r => r._msg)).toEqual(['fresh']);
    expect(rows[0]._stream).toBe('{plugin="rca"}');

    // An encoding the server cannot read stores nothing and still answers 200.
    const zstd = await fetch(`${vl.url}/insert/jsonline`, {
      method: 'POST',
      headers: {
        'content-type': 'application/stream+json',
        'content-encoding': 'br',
      },
      body: 'not really brotli',
    });
    expect(zstd.status).toBe(200);
    const again = await fetch(`${vl.url}/select/logsql/query?query=*`);
    expect((await again.text()).trim().split('\n')).toHaveLength(1);
  });
});

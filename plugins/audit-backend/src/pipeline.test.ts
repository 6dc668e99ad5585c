import { VictoriaLogsStandIn } from '@internal/victorialogs-standin';
import knexFactory from 'knex';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  allEvents,
  as,
  auditStatus as status,
  waitFor,
} from './__testUtils__/auditClient';
import { emitterPlugin } from './__testUtils__/emitterPlugin';
import { secretCorpus } from './__testUtils__/secretCorpus';
import { startAuditedBackend } from './__testUtils__/startAuditedBackend';

jest.setTimeout(60_000);

type Corpus = ReturnType<typeof secretCorpus>;

/** Captures what is written to stdout; audit lines are kept back from the test output. */
function captureStdout() {
  const stdout: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const spy = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: any, ...rest: any[]) => {
      const text = String(chunk);
      stdout.push(text);
      // Audit lines are captured; anything else (test runner output) goes through.
      return text.startsWith('{"_time"') || (write as any)(chunk, ...rest);
    });
  return { stdout, spy };
}

/** Sends every request of the corpus as jane; returns the request ids, in order. */
async function sendCorpus(backendUrl: string, corpus: Corpus) {
  const ids: string[] = [];
  for (const [i, p] of corpus.entries()) {
    const requestId = `corpus-${i}`;
    ids.push(requestId);
    const res = await fetch(`${backendUrl}${p.path}`, {
      method: p.method,
      headers: {
        ...p.headers,
        authorization: as('user:default/jane'),
        'x-request-id': requestId,
        'user-agent': 'corpus-client/1.0',
        ...(p.body ? { 'content-type': 'application/json' } : {}),
      },
      body: p.body ? JSON.stringify(p.body) : undefined,
    });
    expect(res.headers.get('x-request-id')).toBe(requestId);
    await res.arrayBuffer();
  }
  return ids;
}

/** The events stay useful: who, what, outcome, bodies with only the secrets removed. */
async function expectUsefulEvents(
  backendUrl: string,
  corpus: Corpus,
  ids: string[],
) {
  const served = await allEvents(backendUrl, '&actor=user:default/jane');
  const http = served.filter(e => e.event.action === 'http.request');
  expect(new Set(http.map(e => e.request.id))).toEqual(new Set(ids));
  const nested = http.find(e => e.request.id === 'corpus-2')!;
  expect(nested).toMatchObject({
    actor: {
      ref: 'user:default/jane',
      type: 'user',
      userAgent: 'corpus-client/1.0',
    },
    plugin: 'emitter',
    request: { method: 'POST', path: '/api/emitter/things/n0' },
    response: { status: 201 },
    event: { outcome: 'success', severity: 'medium' },
    meta: { route: '/api/emitter/things/:id' },
  });
  expect(JSON.parse(nested.meta.requestBody)).toEqual({
    user: 'jane',
    settings: { database: { host: 'db', credentials: '[REDACTED]' } },
  });
  const failure = http.find(e => e.request.id === 'corpus-6')!;
  expect(failure).toMatchObject({
    response: { status: 500 },
    event: { outcome: 'failure' },
  });
  expect(failure.meta.responseBody).toContain('client_secret=[REDACTED]');
  const plugin = served.filter(e => e.event.action === 'emitter.thing-update');
  expect(plugin.length).toBe(
    corpus.filter(p => p.path.startsWith('/api/emitter/things/')).length,
  );
  expect(plugin[0].request.id).toMatch(/^corpus-/);
}

/** Where the trail goes: outbox rows, shipped lines, stdout, query API. None holds a secret. */
async function expectNoSecretAnywhere(o: {
  dir: string;
  vl: VictoriaLogsStandIn;
  backendUrl: string;
  corpus: Corpus;
  stdout: string[];
}) {
  const { dir, vl, backendUrl, corpus, stdout } = o;
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: join(dir, 'audit.sqlite') },
    useNullAsDefault: true,
  });
  const rows = await db('audit_events').select('payload', 'state');
  await db.destroy();
  // Only the audit trail's own reads made just now may still be on their way.
  const waiting = rows.filter(r => r.state !== 'shipped');
  for (const r of waiting)
    expect(JSON.parse(r.payload).request.path).toMatch(/^\/api\/audit\//);
  const outbox = rows.map(r => r.payload).join('\n');
  const shipped = await (
    await fetch(`${vl.url}/select/logsql/query?query=*`)
  ).text();
  const lines = shipped.trim().split('\n').length;
  expect(lines).toBeGreaterThanOrEqual(rows.length - waiting.length);
  expect(lines).toBeLessThanOrEqual(rows.length);
  const printed = stdout.join('');
  const api = JSON.stringify(await allEvents(backendUrl));
  for (const [name, text] of Object.entries({
    outbox,
    shipped,
    printed,
    api,
  })) {
    expect(text.length).toBeGreaterThan(10_000);
    const leaked = corpus.filter(
      p =>
        text.includes(p.secret) || text.includes(encodeURIComponent(p.secret)),
    );
    expect({
      where: name,
      leaked: leaked.map(l => `${l.kind}: ${l.secret}`),
    }).toEqual({ where: name, leaked: [] });
  }
}

describe('audit pipeline in a running backend', () => {
  let dir: string;
  const vl = new VictoriaLogsStandIn({ retentionMs: 7 * 86_400_000 });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-'));
    await vl.start();
    vl.clear();
  });
  afterEach(async () => {
    await vl.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps 240 planted secrets out of the outbox, the shipped lines, stdout and the query API', async () => {
    const { stdout, spy } = captureStdout();
    const backend = await startAuditedBackend({
      databaseDir: dir,
      features: [emitterPlugin],
      config: {
        audit: {
          stdout: { enabled: true },
          victoriaLogs: { url: vl.url, flushIntervalMs: 100 },
        },
      },
    });
    try {
      const corpus = secretCorpus(20);
      expect(corpus.length).toBeGreaterThanOrEqual(200);
      const ids = await sendCorpus(backend.url, corpus);

      // Everything emitted is in the database and VictoriaLogs has it all.
      await waitFor(async () => {
        const s = await status(backend.url);
        return s.outbox.depth === 0 && s.events.shipped >= corpus.length * 2
          ? s
          : undefined;
      }, 'the outbox to drain');

      await expectUsefulEvents(backend.url, corpus, ids);
      await expectNoSecretAnywhere({
        dir,
        vl,
        backendUrl: backend.url,
        corpus,
        stdout,
      });
    } finally {
      spy.mockRestore();
      await backend.stop();
    }
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { simpleGit } from 'simple-git';
import {
  type BackendProcess,
  startBackendProcess,
} from './__testUtils__/backendProcess';
import { demoStandIn, standInCluster } from './__testUtils__/fixtures';

const SHUTDOWN_MS = 4000;
/** Backstage's own shutdown after the drain: plugins, audit flush, HTTP server, process exit. */
const MARGIN_MS = 3000;
const REASON = 'interrupted by backend shutdown; submit again';

// One stand-in and one directory (database, reports repository) for the backend processes of this file.
jest.setTimeout(300_000);
const standIn = demoStandIn();
const dir = mkdtempSync(join(tmpdir(), 'rca-shutdown-'));
const running: BackendProcess[] = [];
beforeAll(() => standIn.start());
afterAll(async () => {
  running.forEach(p => p.kill('SIGKILL'));
  await standIn.stop();
  rmSync(dir, { recursive: true, force: true });
});

const config = () => ({
  app: { baseUrl: 'http://localhost:3000' },
  kubernetes: {
    serviceLocatorMethod: { type: 'multiTenant' },
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [standInCluster(standIn)],
      },
    ],
  },
  rca: {
    dataDir: join(dir, 'data'),
    maxConcurrentAnalyses: 2,
    shutdownTimeoutMs: SHUTDOWN_MS,
    // Longer than the drain: a slow cluster keeps an analysis running through the deadline.
    kubernetes: { requestTimeoutMs: 60_000 },
    reports: { git: { url: join(dir, 'reports.git') } },
  },
});
const start = async () => {
  const p = await startBackendProcess({
    config: config(),
    databaseDir: join(dir, 'db'),
  });
  running.push(p);
  return p;
};

const api = (p: BackendProcess, path: string, body?: object) =>
  fetch(`${p.url}/api/rca${path}`, {
    method: body ? 'POST' : 'GET',
    headers: {
      authorization: mockCredentials.user.header(),
      'content-type': 'application/json',
    },
    body: body && JSON.stringify(body),
  });
const post = async (p: BackendProcess, incidentKey: string) =>
  api(p, '/v1/analyses', {
    entityRef: 'component:default/payments',
    window: { last: '1h' },
    incidentKey,
  });
const get = async (p: BackendProcess, id: string) => {
  const res = await api(p, `/v1/analyses/${id}`);
  return { status: res.status, body: await res.json() };
};
const until = async <T>(fn: () => Promise<T | undefined>, what: string) => {
  for (let i = 0; i < 600; i++) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
};
const finished = (p: BackendProcess, id: string) =>
  until(async () => {
    const { body } = await get(p, id);
    return ['completed', 'failed'].includes(body.status) ? body : undefined;
  }, `analysis ${id}`);
const commits = async () =>
  Number(
    (
      await simpleGit().raw([
        `--git-dir=${join(dir, 'reports.git')}`,
        'rev-list',
        '--count',
        'main',
      ])
    ).trim(),
  );

/** A slow cluster: two analyses run (maxConcurrentAnalyses), two wait in the queue. Returns their ids. */
async function startSlowAnalyses(first: BackendProcess) {
  standIn.setFaults('demo', { delayMs: 12_000 });
  const ids: string[] = [];
  for (const key of ['INC-1', 'INC-2', 'INC-3', 'INC-4']) {
    const res = await post(first, key);
    expect(res.status).toBe(202);
    ids.push((await res.json()).id);
  }
  await until(async () => {
    const states = await Promise.all(
      ids.map(async id => (await get(first, id)).body.status),
    );
    return states.filter(s => s === 'running').length === 2 ? true : undefined;
  }, 'two running analyses');
  return ids;
}

/** The same database after a restart: every id answers, with why it did not complete. */
async function expectInterrupted(second: BackendProcess, ids: string[]) {
  for (const id of ids) {
    const { status, body } = await get(second, id);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'failed',
      error: { name: 'Interrupted', message: REASON },
    });
    expect(body.progress.at(-1)).toMatchObject({
      step: 'failed',
      message: REASON,
    });
  }
}

describe('rca backend shutdown (SIGTERM to a real backend process)', () => {
  it('drains within the deadline, records what it could not finish, and commits nothing twice', async () => {
    const first = await start();
    const done = await post(first, 'INC-DONE');
    expect(done.status).toBe(202);
    const doneId = (await done.json()).id;
    expect((await finished(first, doneId)).status).toBe('completed');
    expect(await commits()).toBe(1);

    const ids = await startSlowAnalyses(first);

    const signalledAt = Date.now();
    first.kill('SIGTERM');
    // Shutdown began once readiness answers 503; the server still serves while the runs drain.
    await until(async () => {
      const res = await fetch(`${first.url}/.backstage/health/v1/readiness`);
      return res.status === 503 ? true : undefined;
    }, 'readiness down');
    const refused = await until(async () => {
      const res = await post(first, 'INC-LATE');
      return res.status === 503 ? res.json() : undefined;
    }, 'POST refused during shutdown');
    expect(refused.error).toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringMatching(/shutting down/),
    });
    const exit = await first.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.at - signalledAt).toBeLessThan(SHUTDOWN_MS + MARGIN_MS);
    expect(first.stderr()).not.toMatch(/KnexTimeoutError/);

    // The same database after a restart: every id answers, with why it did not complete.
    standIn.setFaults('demo', {});
    const second = await start();
    await expectInterrupted(second, ids);
    expect((await get(second, doneId)).body.status).toBe('completed');
    expect(
      (
        await until(async () => {
          const res = await api(second, '/v1/analyses?limit=100');
          return res.ok ? res.json() : undefined;
        }, 'list')
      ).totalCount,
    ).toBe(5); // the refused one was never stored

    // The committed incident posted again: the same analysis, no second commit.
    const again = await post(second, 'INC-DONE');
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: doneId, existing: true });
    // An interrupted one posted again runs under its id and is committed once.
    const retry = await post(second, 'INC-3');
    expect(retry.status).toBe(202);
    expect((await retry.json()).id).toBe(ids[2]);
    expect((await finished(second, ids[2])).status).toBe('completed');
    expect(await commits()).toBe(2);

    second.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });
});

/*
 * The production shape: two backend processes on one PostgreSQL. Analyses are submitted to both,
 * one replica is killed (SIGKILL) while they run, and the survivor takes its analyses over when
 * their leases expire. Every analysis completes and is committed to Git once, every report reaches
 * the catalog both replicas serve, and every audit event either replica stored reaches VictoriaLogs.
 */
import { testPostgresUrl } from '@internal/backend-test-kit';
import knexFactory from 'knex';
import { simpleGit } from 'simple-git';
import {
  allFinished,
  api,
  ReplicaCluster,
  submitRoundRobin,
  until,
} from './__testUtils__/ReplicaCluster';

const ANALYSES = 30;
const LEASE_SECONDS = 3;
const postgres = testPostgresUrl();
const maybe = postgres ? describe : describe.skip;
jest.setTimeout(600_000);

const cluster = postgres
  ? new ReplicaCluster({
      postgres,
      leaseSeconds: LEASE_SECONDS,
      maxConcurrentAnalyses: 2,
    })
  : undefined;
afterAll(() => cluster?.stop());

/** How many commits of the reports branch name each analysis id; the number of commits. */
async function commitsPerAnalysis(c: ReplicaCluster, ids: string[]) {
  const git = simpleGit().env({ GIT_DIR: c.reportsRepository });
  const log = await git.raw(['log', '--format=%B%x00', 'main']);
  const messages = log.split('\0').filter(m => m.trim());
  return {
    commits: messages.length,
    perId: ids.map(id => messages.filter(m => m.includes(id)).length),
  };
}

/** The audit events both replicas stored, and the ids VictoriaLogs holds (de-duplicated). */
async function auditIds(c: ReplicaCluster) {
  const db = knexFactory({
    client: 'pg',
    connection: c.pluginDatabase('audit'),
  });
  try {
    const rows = await db('audit_events').select('id', 'state');
    const res = await fetch(
      `${c.vl.url}/select/logsql/query?query=*&limit=1000000`,
    );
    const lines = (await res.text()).trim().split('\n').filter(Boolean);
    const shipped = new Set(
      lines.map(l => {
        const row = JSON.parse(l);
        return row['event.id'] ?? row.event?.id;
      }),
    );
    return { rows, shipped };
  } finally {
    await db.destroy();
  }
}

/** When each analysis taken over from the killed replica restarted, in ms after the kill. */
function takeoverDelays(records: any[], killedAt: number): number[] {
  return records
    .flatMap(r => r.progress)
    .filter((p: { message: string }) => /^Taken over by/.test(p.message))
    .map((p: { at: string }) => Date.parse(p.at) - killedAt);
}

maybe('two replicas on one PostgreSQL', () => {
  beforeAll(async () => {
    await cluster!.start();
    // Slow enough that analyses are still running when a replica dies.
    cluster!.standIn.setFaults('demo', { delayMs: 300 });
  });

  it('completes every analysis once when a replica is killed mid-run, and ships every audit event', async () => {
    const c = cluster!;
    const [a, b] = [await c.startReplica('a'), await c.startReplica('b')];
    const ids = await submitRoundRobin([a, b], ANALYSES, 'INC-REPLICA');
    await until(async () => {
      const states = await Promise.all(
        ids[1].map(async id => (await api(b, `/rca/v1/analyses/${id}`)).body),
      );
      return states.some(s => s.status === 'running') ? true : undefined;
    }, 'a running analysis on replica b');
    const killedAt = Date.now();
    b.kill('SIGKILL');
    await b.exited;

    const all = ids.flat();
    const finished = await allFinished(a, all);
    expect(finished.map(r => [r.id, r.status])).toEqual(
      all.map(id => [id, 'completed']),
    );
    const takeovers = takeoverDelays(finished, killedAt);
    expect(takeovers.length).toBeGreaterThan(0);
    // eslint-disable-next-line no-console
    console.log(
      `lease takeover after SIGKILL: first analysis restarted ${Math.min(
        ...takeovers,
      )} ms after the kill (lease ${LEASE_SECONDS} s); ${
        takeovers.length
      } analyses taken over`,
    );

    const { commits, perId } = await commitsPerAnalysis(c, all);
    expect(commits).toBe(ANALYSES);
    expect(perId).toEqual(all.map(() => 1));

    // A replacement for the dead replica: both serve the one catalog, every report in it.
    const replacement = await c.startReplica('c');
    for (const p of [a, replacement])
      await until(async () => {
        const { body } = await api(
          p,
          '/catalog/entities/by-query?filter=kind=resource&limit=500',
        );
        return body.items?.length === ANALYSES ? true : undefined;
      }, `${ANALYSES} reports in the catalog of ${p.url}`);

    const audit = await until(async () => {
      const found = await auditIds(c);
      return found.rows.every(r => r.state === 'shipped') ? found : undefined;
    }, 'every audit event shipped');
    expect(audit.rows.length).toBeGreaterThan(ANALYSES);
    expect(audit.rows.filter(r => !audit.shipped.has(r.id))).toEqual([]);
  });
});

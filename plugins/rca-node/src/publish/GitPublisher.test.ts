import { join } from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { simpleGit } from 'simple-git';
import { GitPublisher } from './GitPublisher';
import { reportPath } from './reportPath';

// A fake credential, assembled so secret scanners do not take the source for a leak.
const FAKE_TOKEN = `ghp_${'supersecrettoken1234567890abcd'}`;

const dir = createMockDirectory();

const publisher = (name: string, remote: string) =>
  new GitPublisher({
    url: remote,
    branch: 'main',
    directory: 'reports/rca',
    author: { name: 'RCA', email: 'rca@example.com' },
    workDir: join(dir.path, 'work', name),
    createIfMissing: true,
    maxAttempts: 20,
  });

describe('GitPublisher against real local repositories', () => {
  it('lands 10 concurrent publications from two replicas as 10 distinct commits', async () => {
    const remote = join(dir.path, 'concurrent.git');
    // Two "replicas": separate clones of one repository, five publications each, all at once.
    const replicas = [publisher('a', remote), publisher('b', remote)];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        replicas[i % 2].publish({
          path: `reports/rca/2026/11/report-${i}.md`,
          content: `# report ${i}\n`,
          message: `rca: report ${i}`,
        }),
      ),
    );
    const bare = simpleGit(remote);
    const log = await bare.log(['main']);
    expect(log.total).toBe(10);
    const files = (await bare.raw(['ls-tree', '-r', '--name-only', 'main']))
      .trim()
      .split('\n')
      .sort();
    expect(files).toEqual(
      Array.from(
        { length: 10 },
        (_, i) => `reports/rca/2026/11/report-${i}.md`,
      ).sort(),
    );
    // Every caller got a commit that is in the history and touched its own file.
    expect(new Set(results.map(r => r.commitSha)).size).toBe(10);
    for (const r of results) {
      const touched = (
        await bare.raw(['show', '--name-only', '--format=', r.commitSha])
      ).trim();
      expect(touched).toBe(r.path);
    }
    // Ten pushes racing through fetch/rebase retries: slow on a loaded 2-core CI worker.
  }, 120_000);

  it('creates the missing repository once when several replicas start together', async () => {
    // Each replica finds no repository and creates it; none may fail for the others' doing.
    for (let round = 0; round < 5; round++) {
      const remote = join(dir.path, `fresh-${round}.git`);
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) =>
          publisher(`fresh-${round}-${i}`, remote).publish({
            path: `reports/rca/first-${i}.md`,
            content: `# first ${i}\n`,
            message: `rca: first ${i}`,
          }),
        ),
      );
      expect(results.filter(r => r.status === 'rejected')).toEqual([]);
      expect((await simpleGit(remote).log(['main'])).total).toBe(6);
    }
  }, 120_000);
});

describe('GitPublisher: credentials and report paths', () => {
  it('keeps credentials out of errors', async () => {
    const p = new GitPublisher({
      url: 'http://127.0.0.1:9/reports.git',
      branch: 'main',
      directory: 'reports/rca',
      author: { name: 'RCA', email: 'rca@example.com' },
      credentials: {
        username: 'x-access-token',
        password: FAKE_TOKEN,
      },
      workDir: join(dir.path, 'work', 'remote'),
      maxAttempts: 1,
    });
    const error = await p
      .publish({ path: 'reports/rca/x.md', content: 'x', message: 'x' })
      .catch(e => e);
    expect(error.name).toBe('GitPublishError');
    expect(error.message).not.toContain('supersecret');
    expect(error.message).not.toContain(
      Buffer.from(`x-access-token:${FAKE_TOKEN}`).toString('base64'),
    );
  });

  it('builds report paths that cannot escape the report folder', () => {
    expect(
      reportPath({
        directory: 'reports/rca',
        entityRef: 'component:default/payments',
        id: 'abc',
        at: '2026-11-23T10:00:00Z',
      }),
    ).toBe('reports/rca/2026/11/2026-11-23-payments-abc.md');
    const hostile = reportPath({
      directory: '../../etc',
      entityRef: 'component:team-a/../../x',
      id: '../../../passwd',
      at: '2026-11-23T10:00:00Z',
    });
    expect(hostile).not.toContain('..');
    expect(hostile.startsWith('etc/2026/11/2026-11-23-team-a-')).toBe(true);
  });
});

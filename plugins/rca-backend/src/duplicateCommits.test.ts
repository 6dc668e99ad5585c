import { resolve } from 'node:path';
import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { simpleGit } from 'simple-git';
import request from 'supertest';
import rcaModuleBuiltins from '@internal/plugin-rca-backend-module-builtins';
import {
  component,
  demoStandIn,
  rcaConfig,
  standInCluster,
} from './__testUtils__/fixtures';
import { rcaPlugin } from './plugin';

describe('an incident posted again after the analyses were lost', () => {
  jest.setTimeout(120_000);
  const standIn = demoStandIn();
  const dir = createMockDirectory();
  beforeAll(() => standIn.start());
  afterAll(() => standIn.stop());

  /** A backend with a fresh in-memory database, committing to the same repository each time. */
  const start = async () =>
    (
      await startTestBackend({
        features: [
          rcaPlugin,
          rcaModuleBuiltins,
          mockServices.rootConfig.factory({
            data: rcaConfig({
              clusters: [standInCluster(standIn)],
              dataDir: dir.path,
            }),
          }),
          catalogServiceMock.factory({ entities: [component()] }),
          mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        ],
      })
    ).server;

  // A fixed past hour of today: the same incident on both backends, and never past the retention.
  const to = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  const window = {
    from: new Date(to.getTime() - 3_600_000).toISOString(),
    to: to.toISOString(),
  };

  const analyse = async (server: Awaited<ReturnType<typeof start>>) => {
    const created = await request(server)
      .post('/api/rca/v1/analyses')
      .send({
        entityRef: 'payments',
        window,
        incidentKey: 'INC-42',
      })
      .expect(202);
    for (let i = 0; i < 400; i++) {
      const res = await request(server)
        .get(`/api/rca/v1/analyses/${created.body.id}`)
        .expect(200);
      if (['completed', 'failed'].includes(res.body.status)) return res.body;
      await new Promise(r => setTimeout(r, 50));
    }
    throw new Error('analysis did not finish');
  };

  it('links the new analysis to the commit made for the incident instead of committing again', async () => {
    const first = await analyse(await start());
    const git = simpleGit(resolve(dir.path, 'reports.git'));
    expect(first.status).toBe('completed');
    expect(first.incidentKey).toMatch(/INC-42$/);
    expect(first.result.report.incidentKey).toBe(first.incidentKey);
    const head = (await git.revparse(['main'])).trim();
    expect(head).toBe(first.result.commitSha);

    // A new backend that knows nothing of the first analysis (in-memory database, as after a restart).
    const second = await analyse(await start());
    expect(second.id).not.toBe(first.id);
    expect(second.status).toBe('completed');
    expect(second.result).toMatchObject({
      commitSha: first.result.commitSha,
      reportPath: first.result.reportPath,
      markdown: first.result.markdown,
    });
    expect(
      second.progress.map((p: { message: string }) => p.message),
    ).toContainEqual(expect.stringMatching(/INC-42 is already committed/));
    expect((await git.revparse(['main'])).trim()).toBe(head);
    expect(
      Number((await git.raw(['rev-list', '--count', 'main'])).trim()),
    ).toBe(1);
  });
});

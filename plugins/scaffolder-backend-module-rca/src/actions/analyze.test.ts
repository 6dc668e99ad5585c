import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { KubernetesStandIn, loadScenarioFile } from '@internal/k8s-standin';
import rcaPlugin from '@internal/plugin-rca-backend';
import rcaModuleBuiltins from '@internal/plugin-rca-backend-module-builtins';
import { createRcaAnalyzeAction } from './analyze';

const payments = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'payments',
      'backstage.io/kubernetes-namespace': 'payments-prod',
    },
  },
  spec: {
    type: 'service',
    owner: 'group:default/payments',
    lifecycle: 'production',
  },
};

// One rca backend, on the demo stand-in, for every test of the file.
const standIn = new KubernetesStandIn(
  loadScenarioFile(
    resolve(__dirname, '../../../../examples/demo/payments-bad-rollout.yaml'),
  ),
);
const dir = createMockDirectory();
let baseUrl: string;
let posts = 0;
/** The action's way to the rca backend started below, as the backend would wire it. */
const api = () => ({
  discovery: {
    getBaseUrl: async () => baseUrl,
    getExternalBaseUrl: async () => baseUrl,
  },
  auth: mockServices.auth(),
});

beforeAll(async () => {
  await standIn.start();
  const { server } = await startTestBackend({
    features: [
      rcaPlugin,
      rcaModuleBuiltins,
      catalogServiceMock.factory({ entities: [payments] }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  {
                    name: 'demo',
                    url: standIn.clusterUrl('demo'),
                    authProvider: 'serviceAccount',
                    serviceAccountToken: 'demo-service-account-token',
                    skipTLSVerify: true,
                  },
                ],
              },
            ],
          },
          rca: { dataDir: dir.path },
        },
      }),
    ],
  });
  server.on('request', req => {
    if (req.method === 'POST') posts++;
  });
  baseUrl = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/rca`;
});
afterAll(() => standIn.stop());

function context(
  input: Record<string, unknown>,
  checkpoints: Map<string, unknown>,
) {
  const ctx = createMockActionContext({
    input: input as never,
    workspacePath: dir.path,
  });
  const checkpoint = async ({
    key,
    fn,
  }: {
    key: string;
    fn: () => Promise<unknown>;
  }) => {
    if (!checkpoints.has(key)) checkpoints.set(key, await fn());
    return checkpoints.get(key);
  };
  return { ...ctx, checkpoint: checkpoint as typeof ctx.checkpoint };
}

describe('rca:analyze', () => {
  it('runs the analysis as the user, streams progress and returns the commit; a retried task does not analyse twice', async () => {
    const action = createRcaAnalyzeAction({
      ...api(),
      pollIntervalMs: 20,
    });
    const checkpoints = new Map<string, unknown>();
    const ctx = context(
      {
        entityRef: 'component:default/payments',
        last: '1h',
        title: 'Checkout is down',
      },
      checkpoints,
    );
    const info = jest.spyOn(ctx.logger, 'info');
    await action.handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith(
      'rootCause',
      'crashloop_missing_env_or_config',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'commitSha',
      expect.stringMatching(/^[0-9a-f]{40}$/),
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'reportEntityRef',
      expect.stringMatching(/^resource:default\/rca-/),
    );
    const lines = info.mock.calls.map(c => String(c[0]));
    for (const step of [
      '[catalog]',
      '[kubernetes]',
      '[analysis]',
      '[publish]',
      '[done]',
    ]) {
      expect(lines.some(l => l.startsWith(step))).toBe(true);
    }
    expect(posts).toBe(1);

    // Retry of the same task: the stored checkpoint answers, nothing is posted again.
    const retry = context(
      { entityRef: 'component:default/payments', last: '1h' },
      checkpoints,
    );
    await action.handler(retry);
    expect(posts).toBe(1);
    const id = (ctx.output as jest.Mock).mock.calls.find(
      c => c[0] === 'analysisId',
    )[1];
    expect(retry.output).toHaveBeenCalledWith('analysisId', id);

    // Crash after the window was fixed but before the analysis was recorded: the API dedupes it.
    checkpoints.delete('analysis');
    const recovered = context(
      { entityRef: 'component:default/payments', last: '1h' },
      checkpoints,
    );
    await action.handler(recovered);
    expect(posts).toBe(2);
    expect(recovered.output).toHaveBeenCalledWith('analysisId', id);
  });
});

describe('rca:analyze and the catalog', () => {
  it('finishes only once the report is in the catalog, so the output link opens', async () => {
    const reportEntity = { kind: 'Resource', metadata: { name: 'x' } };
    const getEntityByRef = jest
      .fn()
      .mockResolvedValueOnce(undefined)
      .mockResolvedValueOnce(undefined)
      .mockResolvedValue(reportEntity);
    const action = createRcaAnalyzeAction({
      ...api(),
      pollIntervalMs: 20,
      catalog: { getEntityByRef } as any,
    });
    const ctx = context(
      { entityRef: 'component:default/payments', last: '2h' },
      new Map(),
    );
    const info = jest.spyOn(ctx.logger, 'info');
    await action.handler(ctx);
    const ref = (ctx.output as jest.Mock).mock.calls.find(
      c => c[0] === 'reportEntityRef',
    )[1];
    expect(getEntityByRef).toHaveBeenCalledTimes(3);
    expect(getEntityByRef).toHaveBeenLastCalledWith(ref, expect.anything());
    const lines = info.mock.calls.map(c => String(c[0]));
    expect(lines).toEqual(
      expect.arrayContaining([
        `Waiting for ${ref} to appear in the catalog`,
        `Report is in the catalog as ${ref}`,
      ]),
    );

    // A catalog that never shows it: the step still succeeds and says why the link may 404.
    const never = createRcaAnalyzeAction({
      ...api(),
      pollIntervalMs: 20,
      catalog: { getEntityByRef: async () => undefined } as any,
      catalogWaitMs: 300,
    });
    const late = context(
      { entityRef: 'component:default/payments', last: '3h' },
      new Map(),
    );
    const warn = jest.spyOn(late.logger, 'warn');
    await never.handler(late);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /is not in the catalog yet; it appears with the next refresh/,
      ),
    );
    // Two whole analyses against the stand-ins.
  }, 30_000);
});

describe('rca:analyze errors', () => {
  it('fails the step with the API error for an unknown entity', async () => {
    const action = createRcaAnalyzeAction({
      ...api(),
    });
    await expect(
      action.handler(
        context({ entityRef: 'component:default/ghost' }, new Map()),
      ),
    ).rejects.toThrow(/no entity component:default\/ghost/);
  });
});

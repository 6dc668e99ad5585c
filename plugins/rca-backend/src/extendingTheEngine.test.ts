import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import rcaModuleBuiltins from '@internal/plugin-rca-backend-module-builtins';
import {
  createFactRef,
  rcaEngineExtensionPoint,
} from '@internal/plugin-rca-node';
import request from 'supertest';
import {
  component,
  demoStandIn,
  rcaConfig,
  standInCluster,
  waitForAnalysis,
} from './__testUtils__/fixtures';
import { rcaPlugin } from './plugin';

// The worked example of the README's "Extending the engine", as written there.
const plannedChanges = createFactRef<string[]>('change-calendar');

const rcaModuleChangeCalendar = createBackendModule({
  pluginId: 'rca',
  moduleId: 'change-calendar',
  register(reg) {
    reg.registerInit({
      deps: { engine: rcaEngineExtensionPoint },
      async init({ engine }) {
        engine.addCollector({
          name: 'change-calendar', // the report's `sources[].name`
          async collect(ctx) {
            // Only the namespaces the namespace gate let through for this requester.
            const keys = ctx.targets.flatMap(t =>
              (t.namespaces ?? []).map(namespace =>
                ctx.evidence.add({
                  source: 'change-calendar',
                  object: `change CHG-42 (namespace ${namespace})`,
                  text: 'Planned database failover started',
                  timestamp: ctx.input.window.from.toISOString(),
                  severity: 'warning',
                }),
              ),
            );
            ctx.facts.set(plannedChanges, keys);
            return { status: 'ok' };
          },
        });
        engine.addAnalyzer({
          name: 'planned-change',
          analyze: ctx =>
            (ctx.facts.get(plannedChanges) ?? []).map(key => ({
              category: 'config_change_regression',
              title:
                'Planned change CHG-42 (database failover) started the errors',
              explanation:
                'The change calendar lists a failover at the incident onset.',
              level: 0,
              scope: 'target',
              specificity: 0.95,
              evidence: [key], // cited as E<n> in the report
              nextSteps: [],
            })),
        });
      },
    });
  },
});

describe('a third-party module extending the engine', () => {
  const standIn = demoStandIn();
  const dir = createMockDirectory();
  beforeAll(() => standIn.start());
  afterAll(() => standIn.stop());

  it('adds its source and rule beside the built-ins, through rcaEngineExtensionPoint', async () => {
    const { server } = await startTestBackend({
      features: [
        rcaPlugin,
        rcaModuleBuiltins,
        rcaModuleChangeCalendar,
        mockServices.rootConfig.factory({
          data: rcaConfig({
            clusters: [standInCluster(standIn)],
            dataDir: dir.path,
          }),
        }),
        catalogServiceMock.factory({ entities: [component()] }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      ],
    });
    const created = await request(server)
      .post('/api/rca/v1/analyses')
      .send({ entityRef: 'payments', window: { last: '1h' }, publish: false })
      .expect(202);

    const done = await waitForAnalysis(server, created.body.id);
    expect(done.status).toBe('completed');
    const { report } = done.result;
    expect(report.sources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'kubernetes' }),
        { name: 'change-calendar', status: 'ok' },
      ]),
    );
    const external = report.hypotheses.find((h: { title: string }) =>
      h.title.startsWith('Planned change CHG-42'),
    );
    expect(external).toMatchObject({
      category: 'config_change_regression',
      evidence: [expect.stringMatching(/^E\d+$/)],
    });
    expect(report.evidence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: external.evidence[0],
          source: 'change-calendar',
          object: 'change CHG-42 (namespace payments-prod)',
        }),
      ]),
    );
  });

  it('does not start without a module that locates namespaces', async () => {
    await expect(
      startTestBackend({
        features: [
          rcaPlugin,
          rcaModuleChangeCalendar,
          mockServices.rootConfig.factory({
            data: rcaConfig({ clusters: [], dataDir: dir.path }),
          }),
          catalogServiceMock.factory({ entities: [component()] }),
        ],
      }),
    ).rejects.toThrow(/plugin-rca-backend-module-builtins/);
  });
});

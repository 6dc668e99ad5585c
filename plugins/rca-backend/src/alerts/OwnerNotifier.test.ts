import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { AnalysisRecord } from '../service/AnalysisStore';
import { component } from '../__testUtils__/fixtures';
import { OwnerNotifier } from './OwnerNotifier';

/** A completed analysis of payments under a key an alert would use, started from `origin`. */
function analysis(origin?: 'alert'): AnalysisRecord {
  return {
    id: 'a1',
    incidentKey: 'component:default/payments#alertmanager:x',
    entityRef: 'component:default/payments',
    status: 'completed',
    request: {
      entityRef: 'component:default/payments',
      window: {
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-01-01T01:00:00.000Z',
      },
      ...(origin ? { origin } : {}),
    },
    report: {
      summary: 'bad rollout',
      rootCause: { title: 'v2 crashes' },
    } as AnalysisRecord['report'],
    progress: [],
    links: {},
    createdAt: '2026-01-01T01:00:00.000Z',
    updatedAt: '2026-01-01T01:00:00.000Z',
  };
}

async function notifiedFor(record: AnalysisRecord) {
  const send = jest.fn();
  const notifier = new OwnerNotifier({
    store: { get: async () => record },
    catalog: catalogServiceMock({ entities: [component()] }),
    auth: mockServices.auth(),
    notifications: { send } as any,
    logger: mockServices.logger.mock(),
    appBaseUrl: 'http://localhost:3000',
  });
  await notifier.onPublished({
    analysisId: record.id,
    entityRef: record.entityRef,
  } as any);
  return send.mock.calls;
}

describe('OwnerNotifier', () => {
  it('notifies the owner of an analysis the alert webhook started', async () => {
    const calls = await notifiedFor(analysis('alert'));
    expect(calls).toHaveLength(1);
    expect(calls[0][0].recipients).toEqual({
      type: 'entity',
      entityRef: 'group:default/payments',
    });
    expect(calls[0][0].payload.title).toContain('v2 crashes');
  });

  it('notifies nobody for a request that only chose an alert-like incident key', async () => {
    expect(await notifiedFor(analysis())).toEqual([]);
  });
});

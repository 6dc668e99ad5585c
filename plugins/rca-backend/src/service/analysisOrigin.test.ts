import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type express from 'express';
import { component } from '../__testUtils__/fixtures';
import { AnalysisService } from './AnalysisService';
import type { AnalysisRecord, AnalysisStore } from './AnalysisStore';

/** The service over a store that keeps what is inserted. */
function service() {
  const inserted: AnalysisRecord[] = [];
  const store = {
    getByIncidentKey: async () => undefined,
    insert: async (r: AnalysisRecord) => inserted.push(r) > 0,
  } as unknown as AnalysisStore;
  const analyses = new AnalysisService({
    store,
    runner: { enqueue: () => {} },
    permissions: {
      authorize: async () => [{ result: AuthorizeResult.ALLOW }],
    } as any,
    catalog: catalogServiceMock({ entities: [component()] }),
    auditor: {
      createEvent: async () => ({
        success: async () => {},
        fail: async () => {},
      }),
    } as any,
  });
  return { analyses, inserted };
}

const body = {
  entityRef: 'component:default/payments',
  window: { last: '1h' },
  incidentKey: 'alertmanager:x',
};
const req = {} as express.Request;

describe('the origin of an analysis', () => {
  it('is the alert webhook only when the intake says so, whatever the key', async () => {
    const { analyses, inserted } = service();
    await analyses.create(body, mockCredentials.user(), req);
    await analyses.create(
      { ...body, incidentKey: 'alertmanager:y' },
      mockCredentials.service('external:alertmanager'),
      req,
      'alert',
    );
    expect(inserted.map(r => r.request.origin)).toEqual([undefined, 'alert']);
  });

  it('is never taken from the body', async () => {
    const { analyses, inserted } = service();
    await expect(
      analyses.create(
        { ...body, origin: 'alert' },
        mockCredentials.user(),
        req,
      ),
    ).rejects.toThrow(/origin/);
    expect(inserted).toEqual([]);
  });
});

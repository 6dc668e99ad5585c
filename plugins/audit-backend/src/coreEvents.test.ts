import catalogPlugin from '@backstage/plugin-catalog-backend';
import { allEvents, as, waitFor } from './__testUtils__/auditClient';
import { startAuditedBackend } from './__testUtils__/startAuditedBackend';

jest.setTimeout(60_000);

describe("Backstage's own audit events", () => {
  it('reach the same trail as the API calls that caused them, with the same request id', async () => {
    const backend = await startAuditedBackend({
      features: [catalogPlugin],
      config: { catalog: { locations: [] } },
    });
    try {
      const res = await fetch(`${backend.url}/api/catalog/entities?limit=5`, {
        headers: {
          authorization: as('user:default/jane'),
          'x-request-id': 'catalog-read-1',
        },
      });
      expect(res.status).toBe(200);
      const events = await waitFor(async () => {
        const all = await allEvents(backend.url, '&plugin=catalog');
        return all.length >= 2 ? all : undefined;
      }, 'the catalog events');
      const byAction = Object.fromEntries(events.map(e => [e.event.action, e]));
      expect(byAction['catalog.entity-fetch']).toMatchObject({
        actor: { ref: 'user:default/jane', type: 'user' },
        request: { id: 'catalog-read-1', method: 'GET' },
        event: { outcome: 'success' },
        meta: { queryType: expect.any(String) },
      });
      expect(byAction['http.request']).toMatchObject({
        request: { id: 'catalog-read-1', path: '/api/catalog/entities' },
        response: { status: 200 },
        meta: { route: '/api/catalog/entities', query: { limit: '5' } },
      });
    } finally {
      await backend.stop();
    }
  });
});

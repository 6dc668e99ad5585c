import { randomBytes } from 'node:crypto';
import { allEvents, as, waitFor } from '../__testUtils__/auditClient';
import { emitterPlugin } from '../__testUtils__/emitterPlugin';
import { startAuditedBackend } from '../__testUtils__/startAuditedBackend';

jest.setTimeout(60_000);

const alnum = (n: number) =>
  randomBytes(n * 2)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, n);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('x-request-id in the audit trail', () => {
  it('keeps a well-formed id and replaces a secret-looking or oversized one', async () => {
    const backend = await startAuditedBackend({ features: [emitterPlugin] });
    try {
      // Assembled at run time so secret scanners do not take the source for a leak.
      const sent = {
        secret: `${'ghp'}_${alnum(36)}`,
        long: alnum(8000),
        good: `req-${alnum(8)}:1`,
      };
      const answered: Record<string, string | null> = {};
      for (const [name, id] of Object.entries(sent)) {
        const res = await fetch(`${backend.url}/api/emitter/things?q=${name}`, {
          headers: {
            authorization: as('user:default/jane'),
            'x-request-id': id,
          },
        });
        expect(res.status).toBe(200);
        answered[name] = res.headers.get('x-request-id');
      }
      expect(answered.good).toBe(sent.good);
      expect(answered.secret).toMatch(UUID);
      expect(answered.long).toMatch(UUID);

      const events = await waitFor(async () => {
        const all = await allEvents(backend.url, '&plugin=emitter');
        return all.length >= 6 ? all : undefined;
      }, 'the emitter events');
      const stored = JSON.stringify(events);
      expect(stored).not.toContain(sent.secret);
      expect(stored).not.toContain(sent.long.slice(0, 64));
      for (const name of Object.keys(sent)) {
        // The HTTP record and the plugin's own event share the id the caller was answered with.
        const mine = events.filter(e => e.request?.id === answered[name]);
        expect(mine.map(e => e.event.action).sort()).toEqual([
          'emitter.thing-search',
          'http.request',
        ]);
        for (const e of mine) expect(e.request.id).toBe(answered[name]);
        const http = mine.find(e => e.event.action === 'http.request');
        expect(http.meta.requestIdReplaced).toBe(
          name === 'good' ? undefined : true,
        );
      }
    } finally {
      await backend.stop();
    }
  });
});

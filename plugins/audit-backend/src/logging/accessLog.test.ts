import { randomBytes } from 'node:crypto';
import { as, waitFor } from '../__testUtils__/auditClient';
import { captureTransport } from '../__testUtils__/captureTransport';
import {
  AUDITOR,
  startAuditedBackend,
} from '../__testUtils__/startAuditedBackend';
import { createAuditRootLoggerServiceFactory } from './rootLoggerServiceFactory';

jest.setTimeout(60_000);

const alnum = (n: number) =>
  randomBytes(n * 2)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, n);

describe("Backstage's access log behind the redacting root logger", () => {
  it('prints the request path but none of the secrets in its query string', async () => {
    const secrets = {
      password: `hunter-${alnum(12)}`,
      apiKey: `${'sk'}-${alnum(40)}`,
      token: alnum(32),
      access_token: alnum(28),
      client_secret: alnum(24),
      api_key: alnum(20),
    };
    const log = captureTransport();
    const backend = await startAuditedBackend({
      silentLogger: false,
      features: [
        createAuditRootLoggerServiceFactory({ transports: [log.transport] }),
      ],
    });
    try {
      const query = new URLSearchParams({ limit: '5', ...secrets });
      const res = await fetch(`${backend.url}/api/audit/v1/events?${query}`, {
        headers: {
          authorization: as(AUDITOR),
          referer: `${backend.url}/audit?token=${secrets.token}`,
        },
      });
      expect(res.status).toBe(200);
      const line = await waitFor(
        async () => log.lines.find(l => l.includes('/api/audit/v1/events')),
        'the access log line',
      );

      expect(line).toContain('"GET /api/audit/v1/events?limit=5&password=');
      expect(line).toContain('200');
      const everything = log.lines.join('\n');
      expect(everything).toContain('[REDACTED]');
      for (const [name, value] of Object.entries(secrets))
        expect({ name, leaked: everything.includes(value) }).toEqual({
          name,
          leaked: false,
        });
    } finally {
      await backend.stop();
    }
  });
});

import { WinstonLogger } from '@backstage/backend-defaults/rootLogger';
import { SECRET_PATTERNS } from '@internal/redaction';
import { randomBytes } from 'node:crypto';
import { captureTransport } from '../__testUtils__/captureTransport';
import { Redactor } from '../redaction/Redactor';
import { RedactingLogger } from './RedactingLogger';

const alnum = (n: number) =>
  randomBytes(n * 2)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, n);

const flushed = () => new Promise(r => setImmediate(r));

function setup() {
  const capture = captureTransport();
  const winston = WinstonLogger.create({
    level: 'debug',
    transports: [capture.transport],
  });
  return {
    lines: capture.lines,
    logger: new RedactingLogger(winston, new Redactor()),
  };
}

describe('RedactingLogger', () => {
  it("keeps secrets out of any plugin's messages, fields, errors and child fields", async () => {
    const { lines, logger } = setup();
    // Assembled at run time so secret scanners do not take the source for a leak.
    const s = {
      query: alnum(24),
      field: alnum(20),
      key: `${'sk'}-${alnum(40)}`,
      error: alnum(18),
      child: alnum(22),
      header: alnum(26),
    };
    const plugin = logger.child({
      plugin: 'proxy',
      target: `https://api.example.com/v1?api_key=${s.child}`,
    });
    plugin.info(`calling /v1/items?page=2&access_token=${s.query}`, {
      url: `/v1/items?client_secret=${s.field}`,
      upstream: { headers: { authorization: `Bearer ${s.header}` } },
    });
    plugin.warn(`retrying with ${s.key}`);
    plugin.error(
      'upstream failed',
      new Error(`connect refused for password=${s.error}`),
    );
    await flushed();

    const out = lines.join('\n');
    expect(lines).toHaveLength(3);
    expect(out).toContain('calling /v1/items?page=2&access_token=[REDACTED]');
    expect(out).toContain('upstream failed connect refused for password=');
    for (const [where, value] of Object.entries(s))
      expect({ where, leaked: out.includes(value) }).toEqual({
        where,
        leaked: false,
      });
  });

  it('prints lines without secrets exactly as Backstage would', async () => {
    const { lines, logger } = setup();
    const capture = captureTransport();
    const plain = WinstonLogger.create({
      level: 'debug',
      transports: [capture.transport],
    });
    const meta = { url: '/api/catalog/entities?limit=5', status: 200 };
    logger.child({ plugin: 'catalog' }).info('GET /api/catalog', meta);
    plain.child({ plugin: 'catalog' }).info('GET /api/catalog', meta);
    await flushed();
    const withoutTime = (l: string) => l.replace(/\S*\d{4}-\d\d-\d\dT\S+/, '');
    expect(lines.map(withoutTime)).toEqual(capture.lines.map(withoutTime));
    expect(lines[0]).toContain('limit=5');
  });
});

// Every pattern of the shared catalog, through every part of a log line a plugin can fill.
describe('RedactingLogger and the secret catalog', () => {
  it.each(SECRET_PATTERNS.map(p => [p.name, p.example] as const))(
    'keeps %s out of messages, fields, errors and child fields',
    async (name, { text, secret }) => {
      const { lines, logger } = setup();
      const marker = `case ${name} says`;
      const plugin = logger.child({ plugin: 'proxy', upstream: text });
      plugin.warn(`${marker} ${text}`, {
        detail: text,
        nested: { note: text, list: [text] },
      });
      plugin.error(marker, new Error(text));
      await flushed();

      expect(lines).toHaveLength(2);
      for (const line of lines) {
        expect(line).toContain(marker);
        expect(line).toContain('[REDACTED]');
        // A JSON-escaped copy of the secret is a leak too.
        for (const form of [secret, JSON.stringify(secret).slice(1, -1)])
          expect(line).not.toContain(form);
      }
    },
  );
});

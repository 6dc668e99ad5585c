import { ConfigReader } from '@backstage/config';
import { SECRET_PATTERNS, SECRET_TEXT } from '@internal/redaction';
import { secretCorpus } from '../__testUtils__/secretCorpus';
import { auditorEvent } from '../events/auditorEvent';
import { AuditHub, type AuditRecord } from '../service/AuditHub';
import { Redactor } from './Redactor';

// Fake credentials, assembled so secret scanners do not flag the source.
const jwt = [
  'eyJhbGciOiJIUzI1NiJ9',
  'eyJzdWIiOiJ1c2VyOmRlZmF1bHQvamFuZSJ9',
  'c2lnbmF0dXJlLXZhbHVl',
].join('.');
const ghp = `ghp_${'a1B2c3D4e5'.repeat(4)}`;
const openai = `sk-proj-${'Zx9'.repeat(10)}`;
const aws = `AKIA${'QWERTYUIOP123456'}`;

const r = new Redactor();

describe('Redactor keys and free text', () => {
  it('replaces sensitive keys at any depth and in arrays, whatever their case or separators', () => {
    const out = r.redact({
      headers: {
        Authorization: 'Bearer abc',
        'Set-Cookie': ['a=1', 'b=2'],
        'X-Api-Key': 'k',
        'user-agent': 'curl/8',
      },
      body: {
        user: 'jane',
        Password: 'hunter2',
        nested: [{ client_secret: 's' }, { refreshToken: 'r', id_token: 'i' }],
        private_key: 'pk',
        sessionId: 'sid',
        maxTokens: 512,
        secretName: 'db-credentials-ref',
      },
    }) as any;
    expect(out.headers).toEqual({
      Authorization: '[REDACTED]',
      'Set-Cookie': '[REDACTED]',
      'X-Api-Key': '[REDACTED]',
      'user-agent': 'curl/8',
    });
    expect(out.body).toEqual({
      user: 'jane',
      Password: '[REDACTED]',
      nested: [
        { client_secret: '[REDACTED]' },
        { refreshToken: '[REDACTED]', id_token: '[REDACTED]' },
      ],
      private_key: '[REDACTED]',
      sessionId: '[REDACTED]',
      // usefully non-secret look-alikes are kept
      maxTokens: 512,
      secretName: 'db-credentials-ref',
    });
  });

  it('finds secrets in free text: JWTs, bearer tokens, URL credentials, query parameters, key formats', () => {
    const text = [
      `token ${jwt} rejected`,
      'Authorization: Bearer abc.def-123_456',
      'fetch postgres://backstage:S3cr3t!@db:5432/app failed',
      'GET /callback?code=4/0AX4XfWh&state=ok&api_key=live123',
      `keys ${ghp} ${openai} ${aws}`,
      'Error: login failed password=hunter2, retrying',
      '{"client_secret":"abc123"}',
    ].join('\n');
    const out = r.redactText(text);
    for (const secret of [
      jwt,
      'abc.def-123_456',
      'S3cr3t!',
      '4/0AX4XfWh',
      'live123',
      ghp,
      openai,
      aws,
      'hunter2',
      'abc123',
    ])
      expect(out).not.toContain(secret);
    expect(out).toContain('Authorization: Bearer [REDACTED]');
    expect(out).toContain('postgres://[REDACTED]@db:5432/app');
    expect(out).toContain('?code=[REDACTED]&state=ok&api_key=[REDACTED]');
    expect(out).toContain('password=[REDACTED], retrying');
    // Redacting JSON text keeps it JSON
    expect(
      JSON.parse(r.redactText('{"client_secret":"abc123","n":1}')),
    ).toEqual({
      client_secret: '[REDACTED]',
      n: 1,
    });
  });
});

describe('Redactor pre-check and name/value pairs', () => {
  it('skips only text its patterns could not match (the cheap pre-check)', () => {
    const x = (n: number) => 'aB3'.repeat(n);
    const samples = [
      `token ${jwt} rejected`,
      'Authorization: Bearer abc.def-123_456',
      'Proxy-Authorization: Basic dXNlcjpwYXNz',
      'fetch postgres://backstage:S3cr3t!@db:5432/app failed',
      'GET /callback?code=4/0AX4XfWh&state=ok',
      '/x?sig=abc&v=1',
      `${ghp} ${openai} ${aws}`,
      `${'github'}_pat_${x(10)}`,
      `${'glpat'}-${x(8)}`,
      `${'AI'}za${x(12)}`,
      `${'ASIA'}${'QWERTYUIOP123456'}`,
      `${'xoxb'}-${x(5)}`,
      `${'npm'}_${x(12)}`,
      `${'rk'}_live_${x(5)}`,
      'DB_PASSWD: hunter2',
      'private_key=abc',
      ...secretCorpus(1).flatMap(p => [
        p.path,
        ...Object.values(p.headers),
        ...JSON.stringify(p.body ?? {}).split(','),
      ]),
    ];
    const matched = samples.filter(text => {
      SECRET_TEXT.lastIndex = 0;
      return SECRET_TEXT.test(text);
    });
    expect(matched.length).toBeGreaterThan(25);
    expect(matched.filter(text => !r.mayContainSecret(text))).toEqual([]);
    expect(
      r.mayContainSecret('GET /api/catalog/entities 200 "Mozilla/5.0"'),
    ).toBe(false);
  });

  it('redacts name/value pairs by their name (Kubernetes env, header lists)', () => {
    expect(
      r.redact([
        { name: 'DB_PASSWORD', value: 'hunter2' },
        { name: 'LOG_LEVEL', value: 'debug' },
      ]),
    ).toEqual([
      { name: 'DB_PASSWORD', value: '[REDACTED]' },
      { name: 'LOG_LEVEL', value: 'debug' },
    ]);
  });
});

describe('Redactor robustness and config', () => {
  it('never throws and keeps the structure: cycles, Buffers, throwing getters, errors, huge inputs', () => {
    const cyclic: any = { name: 'loop' };
    cyclic.self = cyclic;
    const hostile = {
      get boom() {
        throw new Error('getter exploded');
      },
      ok: 1,
    };
    const err = Object.assign(new Error(`upstream said password=hunter2`), {
      code: 'E_AUTH',
    });
    const out = r.redact({
      cyclic,
      buf: Buffer.from('binary\u0000data'),
      hostile,
      err,
      big: 'x'.repeat(100_000),
      many: Array.from({ length: 1000 }, (_, i) => i),
      deep: JSON.parse(`${'{"a":'.repeat(50)}1${'}'.repeat(50)}`),
      fn: () => 1,
      when: new Date(0),
      n: BigInt(10),
    }) as any;
    expect(out.cyclic).toEqual({ name: 'loop', self: '[Circular]' });
    expect(out.buf).toBe('[Binary 11 bytes]');
    expect(out.hostile).toEqual({ boom: '[Unreadable]', ok: 1 });
    expect(out.err.message).toBe('upstream said password=[REDACTED]');
    expect(out.err.code).toBe('E_AUTH');
    expect(out.err.stack).not.toContain('hunter2');
    expect(out.big.length).toBeLessThan(9000);
    expect(out.many).toHaveLength(201);
    expect(JSON.stringify(out.deep)).toContain('[MaxDepth]');
    expect('fn' in out).toBe(false);
    expect(out.when).toBe('1970-01-01T00:00:00.000Z');
    expect(out.n).toBe('10');
    expect(() => JSON.stringify(out)).not.toThrow();
    // A revoked proxy cannot even be inspected: still no throw
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(r.redact({ proxy })).toBeDefined();
  });

  it('adds keys and patterns from config, and names a bad pattern', () => {
    const custom = Redactor.fromConfig(
      new ConfigReader({
        audit: {
          redaction: { keys: ['x-tenant-pin'], patterns: ['ACME-[0-9]{6}'] },
        },
      }),
    );
    expect(
      custom.redact({ 'X-Tenant-Pin': '1234', note: 'badge ACME-123456 used' }),
    ).toEqual({ 'X-Tenant-Pin': '[REDACTED]', note: 'badge [REDACTED] used' });
    expect(() =>
      Redactor.fromConfig(
        new ConfigReader({ audit: { redaction: { patterns: ['(unclosed'] } } }),
      ),
    ).toThrow(
      /audit.redaction.patterns\[0\] is not a valid regular expression/,
    );
  });
});

// Every pattern of the shared catalog, in a plugin's audit event: what the outbox stores and
// VictoriaLogs receives (the record's line) must not carry it.
describe('audit records and the secret catalog', () => {
  it.each(SECRET_PATTERNS.map(p => [p.name, p.example] as const))(
    'keep %s out of the meta, the error and the stored line',
    async (name, { text, secret }) => {
      const hub = new AuditHub();
      const records: AuditRecord[] = [];
      hub.subscribe(async batch => {
        records.push(...batch);
      });
      const marker = `case ${name} says`;
      hub.emit(
        auditorEvent(
          {
            plugin: 'catalog',
            eventId: 'entity-mutate',
            severity: 'medium',
            outcome: 'failure',
            meta: {
              note: `${marker} ${text}`,
              request: { body: { comment: text }, args: [text] },
            },
            error: new Error(text),
          },
          hub.redactor,
        ),
      );
      await hub.flush();

      expect(records).toHaveLength(1);
      const { line, event } = records[0];
      expect(line).toContain(marker);
      expect(JSON.stringify(event.meta?.error)).toContain('[REDACTED]');
      expect(line).not.toContain(secret);
      expect(line).not.toContain(JSON.stringify(secret).slice(1, -1));
    },
  );
});

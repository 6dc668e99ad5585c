import { redactSecrets, SECRET_HINT, SECRET_TEXT } from './redactSecrets';

describe('redactSecrets', () => {
  it('replaces known secrets wherever they appear, ignoring ones too short to be real', () => {
    expect(
      redactSecrets('key k3y-Xy0 and k3y-Xy0; id ab', ['k3y-Xy0', 'ab']),
    ).toBe('key [REDACTED] and [REDACTED]; id ab');
  });

  it('drops the scheme of a name: scheme value pair unless asked to keep it', () => {
    const text = 'Authorization: Bearer abc.def-123_456';
    expect(redactSecrets(text)).toBe('Authorization: [REDACTED]');
    expect(redactSecrets(text, [], { keepScheme: true })).toBe(
      'Authorization: Bearer [REDACTED]',
    );
  });

  it('keeps the words around a secret', () => {
    expect(
      redactSecrets(
        'fetch postgres://app:S3cr3t!@db:5432/app?sslmode=require&password=x1 failed, token ghp_a1B2c3D4e5F6g7H8i9J0k1L2',
      ),
    ).toBe(
      'fetch postgres://[REDACTED]@db:5432/app?sslmode=require&password=[REDACTED] failed, token [REDACTED]',
    );
  });

  it('scans the text it keeps, so a key in a name does not survive', () => {
    const key = `${'ghp'}_${'a1B2c3D4e5'.repeat(3)}`;
    expect(redactSecrets(`cfg.${key}.token=abc123`)).toBe(
      'cfg.[REDACTED].token=[REDACTED]',
    );
  });

  it('skips text without any hint, and the hint covers what the patterns find', () => {
    expect(SECRET_HINT.test('GET /api/catalog/entities 200')).toBe(false);
    const text = 'password=hunter2 and sk-abcdefgh123';
    expect([...text.matchAll(SECRET_TEXT)]).toHaveLength(2);
    expect(SECRET_HINT.test(text)).toBe(true);
  });
});

import { SECRET_PATTERNS } from './secretPatterns';
import { REDACTED, SECRET_HINT, redactSecrets } from './redactSecrets';

const table = SECRET_PATTERNS.map(p => [p.name, p] as const);

describe('SECRET_PATTERNS', () => {
  it('has unique names, a description and an example for every pattern', () => {
    const names = SECRET_PATTERNS.map(p => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of SECRET_PATTERNS) {
      expect(p.name).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(p.catches.length).toBeGreaterThan(10);
      expect(p.example.text).toContain(p.example.secret);
    }
  });

  describe.each(table)('%s', (_name, pattern) => {
    const { text, secret } = pattern.example;

    it('catches its example on its own', () => {
      const alone = new RegExp(pattern.source, 'gi');
      expect(text.replace(alone, REDACTED)).not.toContain(secret);
    });

    it('uses only the keep and scheme groups', () => {
      const named = pattern.source.match(/\(\?<[a-z]+>/g) ?? [];
      expect(named.every(g => g === '(?<keep>' || g === '(?<scheme>')).toBe(
        true,
      );
      // Capturing groups of the source, counted by matching the empty alternative.
      expect(new RegExp(`${pattern.source}|`).exec('')!.length - 1).toBe(
        named.length,
      );
    });

    it('is redacted by redactSecrets, with and without keepScheme', () => {
      for (const keepScheme of [false, true]) {
        const out = redactSecrets(text, [], { keepScheme });
        expect(out).not.toContain(secret);
        // One secret, one mark: the words kept around it are not marked again.
        expect(out.split(REDACTED)).toHaveLength(2);
      }
    });

    it('has a hint the example contains', () => {
      expect(new RegExp(pattern.hint, 'i').test(text)).toBe(true);
      expect(SECRET_HINT.test(text)).toBe(true);
    });

    it('keeps JSON text valid', () => {
      const json = JSON.stringify({ message: text, n: 1 });
      const out = JSON.parse(redactSecrets(json));
      expect(out.n).toBe(1);
      expect(out.message).not.toContain(secret);
    });
  });

  it.each([
    'Pods restarted 12 times; session count dropped. See https://grafana.example.com/d/x?from=now-1h',
    'GET /api/catalog/entities 200 "Mozilla/5.0"',
    '/api/catalog/entities?limit=5&offset=10',
    'pulled image@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    'deployed commit 3f1c2a9e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39 as revision 12',
    'request 123e4567-e89b-12d3-a456-426614174000 took 250ms',
    '{"maxTokens":512,"secretName":"db-credentials-ref"}',
    'Basic setup complete; token bucket refilled; bearer of bad news',
    'Back-off restarting failed container checkout in pod checkout-rs1-a1b2c',
    'task-runner-12345678 missing required environment variable DB_URL',
  ])('leaves ordinary text alone: %s', text => {
    expect(redactSecrets(text)).toBe(text);
    expect(redactSecrets(text, [], { keepScheme: true })).toBe(text);
  });
});

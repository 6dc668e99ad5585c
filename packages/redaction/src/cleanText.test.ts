import { cleanText, sanitizeText } from './cleanText';

describe('sanitizeText', () => {
  it('removes ANSI escapes and control characters, keeps newlines and tabs, caps the length', () => {
    expect(sanitizeText('\u001b[31mRED\u001b[0m\u0007 a\tb\nc\u0000')).toBe(
      'RED a\tb\nc',
    );
    expect(sanitizeText('x'.repeat(10), 4)).toBe('xxxx…');
  });
});

describe('cleanText', () => {
  it('sanitises, redacts and caps', () => {
    expect(cleanText('\u001b[1mlogin\u001b[0m password=hunter2 failed')).toBe(
      'login password=[REDACTED] failed',
    );
    expect(cleanText(`${'x'.repeat(20)} password=hunter2`, 10)).toBe(
      'xxxxxxxxxx…',
    );
  });

  it('sees a secret that straddles the cut whole', () => {
    const out = cleanText('ok password=hunter2secret', 16);
    expect(out).toBe('ok password=[RED…');
    expect(out).not.toContain('hunt');
  });
});

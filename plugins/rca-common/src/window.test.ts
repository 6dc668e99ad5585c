import { parseDuration, resolveWindow } from './window';

describe('resolveWindow', () => {
  const now = new Date('2026-11-23T10:00:00.000Z');

  it('turns a relative window into absolute timestamps ending now', () => {
    expect(resolveWindow({ last: '30m' }, now)).toEqual({
      from: '2026-11-23T09:30:00.000Z',
      to: '2026-11-23T10:00:00.000Z',
    });
    expect(parseDuration('24h')).toBe(86_400_000);
  });

  it('names the field at fault', () => {
    expect(() => resolveWindow({ last: 'soon' }, now)).toThrow(
      /^window\.last:/,
    );
    expect(() => resolveWindow({ last: '30d' }, now)).toThrow(/at most 7d/);
    expect(() =>
      resolveWindow({ from: 'yesterday', to: now.toISOString() }, now),
    ).toThrow(/^window\.from:/);
    expect(() =>
      resolveWindow(
        { from: now.toISOString(), to: '2026-11-23T09:00:00Z' },
        now,
      ),
    ).toThrow(/^window\.to: must be later/);
  });

  it('normalises explicit timestamps with offsets to UTC', () => {
    expect(
      resolveWindow(
        { from: '2026-11-23T11:00:00+02:00', to: '2026-11-23T09:30:00Z' },
        now,
      ),
    ).toEqual({
      from: '2026-11-23T09:00:00.000Z',
      to: '2026-11-23T09:30:00.000Z',
    });
  });
});

describe('resolveWindow on hostile input', () => {
  const now = new Date('2026-11-23T10:00:00.000Z');
  const limits = { maxWindowMs: 36 * 3600_000, maxAgeMs: 30 * 86_400_000 };
  const resolve = (from: string, to: string) =>
    resolveWindow({ from, to }, now, limits);

  it.each([
    '2026-12-07 10:00',
    '1',
    'Dec 7',
    '2026-11-23T09:00:00', // no offset: local time of whichever server reads it
    '2026-11-23',
    '2026-02-30T09:00:00Z',
    '2026-11-23T24:00:00Z',
    '2026-11-23T09:00:00+2:00',
  ])('refuses %p as window.from and shows the expected form', from => {
    expect(() => resolve(from, '2026-11-23T09:30:00Z')).toThrow(
      /^window\.from: expected an ISO 8601 timestamp with an offset, e\.g\. 2026-11-23T09:30:00Z/,
    );
  });

  it('names window.to when only the end is malformed', () => {
    expect(() => resolve('1', '2')).toThrow(/^window\.from: .*got "1"$/);
    expect(() => resolve('2026-11-23T09:00:00Z', '2')).toThrow(
      /^window\.to: .*got "2"$/,
    );
  });

  it('does not echo long input', () => {
    const long = 'x'.repeat(5000);
    let message = '';
    try {
      resolve(long, '2026-11-23T09:30:00Z');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^window\.from:/);
    expect(message.length).toBeLessThan(250);
  });

  it('refuses windows in the future, beyond retention or too long', () => {
    expect(() =>
      resolve('2100-01-01T00:00:00Z', '2100-01-01T01:00:00Z'),
    ).toThrow(/^window\.from: the window lies in the future/);
    expect(() =>
      resolve('1970-01-01T00:00:00Z', '1970-01-01T01:00:00Z'),
    ).toThrow(
      /^window\.from: older than the 30d of data kept; start at 2026-10-24T10:00:00\.000Z or later/,
    );
    expect(() =>
      resolve('2026-11-20T00:00:00Z', '2026-11-23T00:00:00Z'),
    ).toThrow(/^window: at most 36h can be analysed at once/);
    expect(() => resolveWindow({ last: '2d' }, now, limits)).toThrow(
      /^window\.last: .*at most 36h/,
    );
  });

  it('accepts a window starting within the clock skew, or running past now', () => {
    expect(resolve('2026-11-23T10:02:00Z', '2026-11-23T10:30:00Z')).toEqual({
      from: '2026-11-23T10:02:00.000Z',
      to: '2026-11-23T10:30:00.000Z',
    });
    expect(
      resolve('2026-10-25T00:00:00.5+00:00', '2026-10-25T12:00:00Z'),
    ).toEqual({
      from: '2026-10-25T00:00:00.500Z',
      to: '2026-10-25T12:00:00.000Z',
    });
  });
});

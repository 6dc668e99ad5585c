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

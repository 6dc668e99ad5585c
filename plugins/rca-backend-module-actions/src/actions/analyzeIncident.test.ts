import { requestWindow } from './analyzeIncident';

describe('requestWindow', () => {
  it('defaults to the last hour and passes a duration through', () => {
    expect(requestWindow()).toEqual({ last: '1h' });
    expect(requestWindow({ last: '30m' })).toEqual({ last: '30m' });
  });

  it('ends a window without an end now', () => {
    const w = requestWindow({ from: '2026-03-01T10:00:00Z' });
    expect(w).toMatchObject({ from: '2026-03-01T10:00:00Z' });
    expect(Date.parse((w as { to: string }).to)).toBeGreaterThan(
      Date.parse('2026-03-01T10:00:00Z'),
    );
  });

  it('refuses a window in both forms, or an end without a start', () => {
    expect(() =>
      requestWindow({ last: '1h', from: '2026-03-01T10:00:00Z' }),
    ).toThrow('window: give either last, or from and to, not both');
    expect(() => requestWindow({ to: '2026-03-01T10:00:00Z' })).toThrow(
      'window: to needs from',
    );
  });
});

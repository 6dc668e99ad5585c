import { ConfigReader } from '@backstage/config';
import { readAnalysisRequestOptions } from './analysisRequestOptions';

describe('readAnalysisRequestOptions', () => {
  it('defaults to Component, Resource and System, 7 days long, 30 days back', () => {
    expect(readAnalysisRequestOptions(new ConfigReader({}))).toEqual({
      analyzableKinds: ['Component', 'Resource', 'System'],
      maxWindowMs: 7 * 24 * 3600_000,
      maxWindowAgeMs: 30 * 24 * 3600_000,
    });
  });

  it('reads rca.analyzableKinds, rca.maxWindowHours and rca.maxWindowAgeDays', () => {
    expect(
      readAnalysisRequestOptions(
        new ConfigReader({
          rca: {
            analyzableKinds: ['Component'],
            maxWindowHours: 6,
            maxWindowAgeDays: 90,
          },
        }),
      ),
    ).toEqual({
      analyzableKinds: ['Component'],
      maxWindowMs: 6 * 3600_000,
      maxWindowAgeMs: 90 * 24 * 3600_000,
    });
  });

  it('refuses to start on limits that would refuse everything', () => {
    expect(() =>
      readAnalysisRequestOptions(
        new ConfigReader({ rca: { maxWindowHours: 0 } }),
      ),
    ).toThrow(/rca\.maxWindowHours must be a positive number/);
    expect(() =>
      readAnalysisRequestOptions(
        new ConfigReader({ rca: { analyzableKinds: [] } }),
      ),
    ).toThrow(/rca\.analyzableKinds must list at least one kind/);
  });
});

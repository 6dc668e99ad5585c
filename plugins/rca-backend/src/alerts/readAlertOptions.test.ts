import { ConfigReader } from '@backstage/config';
import { DEFAULT_ALERT_OPTIONS, readAlertOptions } from './readAlertOptions';

describe('readAlertOptions', () => {
  it('has the documented defaults', () => {
    expect(readAlertOptions(new ConfigReader({}))).toEqual(
      DEFAULT_ALERT_OPTIONS,
    );
  });

  it('reads minutes and seconds, and refuses negative numbers', () => {
    const options = readAlertOptions(
      new ConfigReader({
        rca: {
          alerts: {
            lookbackMinutes: 30,
            entityCooldownMinutes: 0,
            rateLimit: { maxAnalyses: 3, windowSeconds: 10 },
          },
        },
      }),
    );
    expect(options).toMatchObject({
      lookbackMs: 30 * 60_000,
      entityCooldownMs: 0,
      maxAnalyses: 3,
      rateLimitWindowMs: 10_000,
    });
    expect(() =>
      readAlertOptions(
        new ConfigReader({ rca: { alerts: { marginMinutes: -1 } } }),
      ),
    ).toThrow(/rca.alerts.marginMinutes/);
  });

  it('requires the rate limit to be at least 1', () => {
    const read = (rateLimit: object) => () =>
      readAlertOptions(new ConfigReader({ rca: { alerts: { rateLimit } } }));
    expect(read({ maxAnalyses: 0 })).toThrow(
      /rca.alerts.rateLimit.maxAnalyses must be at least 1/,
    );
    expect(read({ windowSeconds: 0 })).toThrow(
      /rca.alerts.rateLimit.windowSeconds must be at least 1/,
    );
  });
});

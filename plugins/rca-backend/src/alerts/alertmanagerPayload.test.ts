import { InputError } from '@backstage/errors';
import { parseAlertmanagerPayload } from './alertmanagerPayload';

describe('parseAlertmanagerPayload', () => {
  it('takes a version 4 webhook body, extra fields included', () => {
    const payload = parseAlertmanagerPayload({
      version: '4',
      groupKey: '{}:{alertname="X"}',
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'rca',
      groupLabels: { alertname: 'X' },
      commonLabels: { alertname: 'X' },
      commonAnnotations: {},
      externalURL: 'http://am:9093',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'X' },
          startsAt: '2026-12-07T11:00:00Z',
          endsAt: '0001-01-01T00:00:00Z',
          fingerprint: 'abc',
        },
      ],
    });
    expect(payload.alerts[0].annotations).toEqual({});
  });

  it('takes any number of alerts (the intake rejects those beyond its cap)', () => {
    const alerts = Array.from({ length: 1001 }, (_, i) => ({
      status: 'firing',
      labels: { alertname: `X${i}` },
      startsAt: '2026-12-07T11:00:00Z',
    }));
    expect(
      parseAlertmanagerPayload({ status: 'firing', alerts }).alerts,
    ).toHaveLength(1001);
  });

  it('names the field at fault', () => {
    expect(() =>
      parseAlertmanagerPayload({
        status: 'firing',
        alerts: [{ status: 'firing', labels: {}, startsAt: 'soon' }],
      }),
    ).toThrow(InputError);
    expect(() =>
      parseAlertmanagerPayload({ status: 'firing', alerts: [{ labels: {} }] }),
    ).toThrow(/alerts\.0\.status/);
  });
});

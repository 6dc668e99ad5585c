import {
  alertIncident,
  fingerprintOf,
  isAlertIncidentKey,
} from './alertIncident';

const options = { lookbackMs: 60 * 60_000, marginMs: 5 * 60_000 };
const now = new Date('2026-12-07T12:00:00.000Z');
const alert = (o: object = {}) => ({
  status: 'firing' as const,
  labels: { alertname: 'KubePodCrashLooping', pod: 'api-0' },
  annotations: { summary: 'api-0 restarts' },
  startsAt: '2026-12-07T11:00:00.000Z',
  fingerprint: 'f00d',
  ...o,
});

describe('alertIncident', () => {
  it('windows the hour before startsAt plus the margin, keyed by fingerprint and startsAt', () => {
    expect(alertIncident(alert(), options, now)).toEqual({
      fingerprint: 'f00d',
      incidentKey: 'alertmanager:f00d@2026-12-07T11:00:00.000Z',
      window: {
        from: '2026-12-07T10:00:00.000Z',
        to: '2026-12-07T11:05:00.000Z',
      },
      title: 'KubePodCrashLooping: api-0 restarts',
    });
  });

  it('never ends the window after now', () => {
    const recent = alertIncident(
      alert({ startsAt: '2026-12-07T11:58:00.000Z' }),
      options,
      now,
    );
    expect(recent.window.to).toBe(now.toISOString());
  });

  it("keys on the sender's startsAt even when it is ahead of this replica's clock", () => {
    const ahead = alert({ startsAt: '2026-12-07T12:00:30.000Z' });
    const incident = alertIncident(ahead, options, now);
    expect(incident.incidentKey).toBe(
      'alertmanager:f00d@2026-12-07T12:00:30.000Z',
    );
    expect(incident.window.to).toBe(now.toISOString());
    expect(
      alertIncident(ahead, options, new Date('2026-12-07T12:01:00.000Z'))
        .incidentKey,
    ).toBe(incident.incidentKey);
  });

  it('derives a stable fingerprint from the labels when the sender gives none', () => {
    const a = fingerprintOf(alert({ fingerprint: undefined }));
    const b = fingerprintOf(
      alert({
        fingerprint: undefined,
        labels: { pod: 'api-0', alertname: 'KubePodCrashLooping' },
      }),
    );
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
  });

  it('recognises the incident keys of alert-started analyses', () => {
    expect(
      isAlertIncidentKey('component:default/api#alertmanager:f00d@x'),
    ).toBe(true);
    expect(isAlertIncidentKey('component:default/api#INC-1')).toBe(false);
  });
});

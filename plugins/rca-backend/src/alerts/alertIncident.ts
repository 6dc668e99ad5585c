import { createHash } from 'node:crypto';
import type { WebhookAlert } from './alertmanagerPayload';

/** What an alert asks of the analysis: its incident key, window and title. */
export interface AlertIncident {
  fingerprint: string;
  /** The same for every notification of one firing of one alert, on every replica. */
  incidentKey: string;
  window: { from: string; to: string };
  title: string;
}

/** Alertmanager's fingerprint, or one of the sorted labels for senders that leave it out. */
export function fingerprintOf(alert: WebhookAlert): string {
  if (alert.fingerprint) return alert.fingerprint;
  const labels = Object.entries(alert.labels).sort(([a], [b]) =>
    a.localeCompare(b),
  );
  return createHash('sha256')
    .update(JSON.stringify(labels))
    .digest('hex')
    .slice(0, 16);
}

/**
 * The analysis an alert asks for: the window `[startsAt − lookback, startsAt + margin]`, never
 * ending after now, and the incident key from the fingerprint and `startsAt` (a repeat, a
 * regrouping or another replica's notification of the same firing carries both unchanged).
 */
export function alertIncident(
  alert: WebhookAlert,
  o: { lookbackMs: number; marginMs: number },
  now: Date = new Date(),
): AlertIncident {
  const fingerprint = fingerprintOf(alert);
  const raw = new Date(Date.parse(alert.startsAt));
  // Only the window is clamped to now; the key keeps the sender's startsAt, as every repeat does.
  const startsAt = new Date(Math.min(raw.getTime(), now.getTime()));
  const to = new Date(Math.min(startsAt.getTime() + o.marginMs, now.getTime()));
  const from = new Date(startsAt.getTime() - o.lookbackMs);
  const name = alert.labels.alertname ?? 'alert';
  const summary = alert.annotations.summary ?? alert.annotations.description;
  const title = summary ? `${name}: ${summary}` : name;
  return {
    fingerprint,
    incidentKey: `alertmanager:${fingerprint}@${raw.toISOString()}`,
    window: { from: from.toISOString(), to: to.toISOString() },
    title: title.slice(0, 200),
  };
}

/** Whether an analysis was started by an alert (its incident key says so). */
export function isAlertIncidentKey(incidentKey: string): boolean {
  return incidentKey.includes('#alertmanager:');
}

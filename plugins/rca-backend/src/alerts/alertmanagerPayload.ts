import { InputError } from '@backstage/errors';
import { describeSchemaError } from '@internal/plugin-rca-common';
import { z } from 'zod';

const labels = z.record(z.string(), z.string());
const timestamp = z
  .string()
  .refine(s => !Number.isNaN(Date.parse(s)), 'expected an RFC 3339 time');

/** One alert of an Alertmanager (or vmalert) webhook notification. */
export const alertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels,
  annotations: labels.optional().default({}),
  startsAt: timestamp,
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().min(1).max(64).optional(),
});

/** Alertmanager's webhook body, version 4; unknown fields are ignored, as Alertmanager adds some. */
export const alertmanagerPayloadSchema = z.object({
  version: z.string().optional(),
  groupKey: z.string().optional(),
  receiver: z.string().optional(),
  status: z.enum(['firing', 'resolved']),
  // No maximum: a 400 would drop the whole notification (Alertmanager retries only 5xx); the
  // intake rejects the alerts beyond MAX_ALERTS_PER_NOTIFICATION instead.
  alerts: z.array(alertSchema),
  groupLabels: labels.optional(),
  commonLabels: labels.optional(),
  commonAnnotations: labels.optional(),
  externalURL: z.string().optional(),
});

/** The alerts of one notification that are considered; the rest are answered as rejected. */
export const MAX_ALERTS_PER_NOTIFICATION = 1000;

export type WebhookAlert = z.infer<typeof alertSchema>;
export type AlertmanagerPayload = z.infer<typeof alertmanagerPayloadSchema>;

/** The body checked against the webhook schema; a 400 naming the field at fault otherwise. */
export function parseAlertmanagerPayload(body: unknown): AlertmanagerPayload {
  const parsed = alertmanagerPayloadSchema.safeParse(body);
  if (!parsed.success) throw new InputError(describeSchemaError(parsed.error));
  return parsed.data;
}

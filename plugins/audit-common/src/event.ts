import { z } from 'zod';

/** @public */
export const auditOutcomes = ['success', 'failure', 'unknown'] as const;
/** @public */
export const auditSeverities = ['low', 'medium', 'high', 'critical'] as const;

/**
 * Fields VictoriaLogs indexes as the log stream. Low cardinality on purpose: user and request ids
 * in a stream field would make one stream per user.
 *
 * @public
 */
export const AUDIT_STREAM_FIELDS = ['plugin', 'event.severity'] as const;

/**
 * One audit record, as stored, shipped and served. The shape is stable: consumers (VictoriaLogs
 * queries, SIEM rules) key on these names. Every string in it has been through redaction.
 *
 * @public
 */
export const auditEventSchema = z.object({
  /** RFC 3339 time the action happened. */
  _time: z.iso.datetime({ offset: true }),
  /** One line for humans: `catalog.entity-mutate failure user:default/jane`. */
  _msg: z.string().min(1).max(2000),
  event: z.object({
    /** Stable id (UUID): at-least-once delivery, so consumers de-duplicate on it. */
    id: z.uuid(),
    /** `<plugin>.<eventId>` for plugin events, `http.request` for API calls. */
    action: z.string().min(1).max(200),
    outcome: z.enum(auditOutcomes),
    severity: z.enum(auditSeverities),
  }),
  actor: z.object({
    /** User entity ref, or the service subject (`plugin:catalog`, a static token's subject). */
    ref: z.string().max(500).optional(),
    type: z.enum(['user', 'service', 'none']),
    ip: z.string().max(100).optional(),
    userAgent: z.string().max(512).optional(),
  }),
  plugin: z.string().min(1).max(100),
  request: z
    .object({
      id: z.string().max(128).optional(),
      method: z.string().max(16).optional(),
      path: z.string().max(2048).optional(),
    })
    .optional(),
  response: z.object({ status: z.number().int() }).optional(),
  latencyMs: z.number().nonnegative().optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});

/** @public */
export type AuditEvent = z.infer<typeof auditEventSchema>;
/** @public */
export type AuditOutcome = (typeof auditOutcomes)[number];
/** @public */
export type AuditSeverity = (typeof auditSeverities)[number];

import type {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import { auditDenial } from '@internal/plugin-audit-node';
import {
  auditEventsReadPermission,
  auditOutcomes,
} from '@internal/plugin-audit-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { AuditStore } from './AuditStore';
import type { AuditMetrics } from './metrics';

export interface RouterOptions {
  store: AuditStore;
  metrics: AuditMetrics;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** Events in memory on their way to the outbox. */
  buffered: () => number;
  /** Whether a VictoriaLogs sink is configured (shown by /v1/status). */
  shipping: boolean;
}

const time = z
  .string()
  .refine(s => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 time')
  .transform(s => Date.parse(s));

const eventsQuery = z.object({
  actor: z.string().min(1).max(500).optional(),
  action: z.string().min(1).max(200).optional(),
  outcome: z.enum(auditOutcomes).optional(),
  plugin: z.string().min(1).max(100).optional(),
  from: time.optional(),
  to: time.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.coerce.number().int().positive().optional(),
});

export async function createRouter(o: RouterOptions): Promise<express.Router> {
  const router = Router();

  /** Reading the trail is itself audited, denials included. */
  const authorize = async (req: express.Request, meta: JsonObject) => {
    const credentials = await o.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await o.permissions.authorize(
      [{ permission: auditEventsReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW)
      throw await auditDenial(o.auditor, {
        eventId: 'events-read',
        permission: auditEventsReadPermission.name,
        message:
          'You are not allowed to read the audit trail (audit.events.read)',
        request: req,
        meta,
      });
    return o.auditor.createEvent({
      eventId: 'events-read',
      severityLevel: 'medium',
      request: req,
      meta,
    });
  };

  router.get('/v1/events', async (req, res) => {
    const q = eventsQuery.safeParse(req.query);
    if (!q.success)
      throw new InputError(
        `Invalid query: ${q.error.issues
          .map(i => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
    const { from, to, cursor, ...filters } = q.data;
    const event = await authorize(req, { queryType: 'list', ...filters });
    const page = await o.store.list({
      ...filters,
      fromMs: from,
      toMs: to,
      before: cursor,
    });
    await event.success({ meta: { returned: page.items.length } });
    res.json({
      items: page.items,
      ...(page.nextCursor ? { nextCursor: String(page.nextCursor) } : {}),
    });
  });

  router.get('/v1/status', async (req, res) => {
    const event = await authorize(req, { queryType: 'status' });
    await event.success();
    // Read in one synchronous step so the figures add up.
    res.json({
      shipping: o.shipping ? 'victorialogs' : 'off',
      outbox: {
        depth: o.store.pending,
        max: o.store.maxPending,
        full: o.metrics.outboxFull,
      },
      buffered: o.buffered(),
      events: o.metrics.counts,
    });
  });

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  return router;
}

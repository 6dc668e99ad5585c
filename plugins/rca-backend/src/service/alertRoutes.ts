import type { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { parseAlertmanagerPayload } from '../alerts/alertmanagerPayload';
import type { AlertIntake } from '../alerts/AlertIntake';

export interface AlertRoutesOptions {
  intake: AlertIntake;
  httpAuth: HttpAuthService;
}

/**
 * `POST /v1/alerts/alertmanager`: Alertmanager's (and vmalert's) webhook. Only services call it
 * (a `backend.auth.externalAccess` token); it answers 202 with what became of each alert, since
 * Alertmanager retries on anything else and a retry would only be throttled or deduplicated.
 */
export function addAlertRoutes(
  router: express.Router,
  o: AlertRoutesOptions,
): void {
  router.post(
    '/v1/alerts/alertmanager',
    // Authenticate before reading up to 5 MB of body: only services get that far.
    async (req, res, next) => {
      res.locals.credentials = await o.httpAuth.credentials(req, {
        allow: ['service'],
      });
      next();
    },
    // Before the router's 64 kB parser: a group of a storm carries hundreds of alerts.
    express.json({ limit: '5mb' }),
    async (req, res) => {
      const payload = parseAlertmanagerPayload(req.body);
      res
        .status(202)
        .json(await o.intake.receive(payload, res.locals.credentials, req));
    },
  );
}

import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';

/**
 * A plugin that behaves like the ones in a real backend: it parses JSON, emits auditor events
 * with whatever it was given as meta, echoes input (secrets included) in its responses, and
 * fails with error messages that quote its input.
 */
export const emitterPlugin = createBackendPlugin({
  pluginId: 'emitter',
  register(env) {
    env.registerInit({
      deps: {
        http: coreServices.httpRouter,
        auditor: coreServices.auditor,
      },
      async init({ http, auditor }) {
        const router = Router();
        router.use(express.json({ limit: '1mb' }));
        router.post('/things/:id', async (req, res) => {
          const event = await auditor.createEvent({
            eventId: 'thing-update',
            severityLevel: 'medium',
            request: req,
            meta: { id: req.params.id, input: req.body },
          });
          await event.success({ meta: { result: 'stored' } });
          res.status(201).json({ id: req.params.id, received: req.body });
        });
        router.get('/things', async (req, res) => {
          const event = await auditor.createEvent({
            eventId: 'thing-search',
            request: req,
            meta: { query: req.query as any },
          });
          await event.success();
          res.json({ items: [] });
        });
        router.post('/fail', async req => {
          const event = await auditor.createEvent({
            eventId: 'thing-fail',
            severityLevel: 'high',
            request: req,
          });
          const error = new Error(String(req.body?.message ?? 'failed'));
          await event.fail({ error });
          throw error;
        });
        http.use(router);
      },
    });
  },
});

import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  describeSchemaError,
  quoteInput,
  rcaAnalysisCreatePermission,
} from '@internal/plugin-rca-common';
import type express from 'express';
import { z } from 'zod';
import type { AnalysisService } from './AnalysisService';
import type { AnalysisStore } from './AnalysisStore';
import type { AnalysisViews } from './analysisViews';
import { ReadChecks } from './readChecks';

export interface AnalysisRoutesOptions {
  analyses: AnalysisService;
  store: AnalysisStore;
  views: AnalysisViews;
  checks: ReadChecks;
}

const listQuery = z.object({
  entityRef: z.string().min(1).optional(),
  status: z.enum(['queued', 'running', 'completed', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

/** The query of GET /v1/analyses, its entity ref in canonical form. */
function parseListQuery(query: unknown) {
  const q = listQuery.safeParse(query);
  if (!q.success) throw new InputError(describeSchemaError(q.error));
  const { entityRef } = q.data;
  if (!entityRef) return q.data;
  try {
    return {
      ...q.data,
      entityRef: stringifyEntityRef(
        parseEntityRef(entityRef, {
          defaultKind: 'component',
          defaultNamespace: 'default',
        }),
      ),
    };
  } catch (e) {
    throw new InputError(
      `entityRef: expected [kind:][namespace/]name, got ${quoteInput(
        entityRef,
      )}`,
    );
  }
}

/** `POST /v1/analyses`, `GET /v1/analyses`, `GET /v1/analyses/:id` and its `/markdown`. */
export function addAnalysisRoutes(
  router: express.Router,
  o: AnalysisRoutesOptions,
): void {
  const { store, views, checks } = o;

  router.post('/v1/analyses', async (req, res) => {
    const credentials = await checks.caller(req, {
      eventId: 'analysis-create',
      permission: rcaAnalysisCreatePermission.name,
    });
    const { record, existing } = await o.analyses.create(
      req.body,
      credentials,
      req,
    );
    res.status(existing ? 200 : 202).json(views.accepted(record, existing));
  });

  router.get('/v1/analyses', async (req, res) => {
    const credentials = await checks.reader(req);
    const query = parseListQuery(req.query);
    const { items, totalCount } = await store.list(query);
    // Only the analyses whose namespaces the caller may read.
    const readable = await Promise.all(
      items.map(r => checks.mayReadAnalysis(credentials, r, req)),
    );
    res.json({
      items: items.filter((_, i) => readable[i]).map(views.summary),
      totalCount,
      limit: query.limit,
      offset: query.offset,
    });
  });

  /** A stored analysis the caller may read. */
  const readableAnalysis = async (req: express.Request) => {
    const credentials = await checks.reader(req);
    const record = await store.get(req.params.id);
    if (!record)
      throw new NotFoundError(
        `No analysis with id ${quoteInput(req.params.id)}`,
      );
    if (!(await checks.mayReadAnalysis(credentials, record, req)))
      throw ReadChecks.notReadable();
    return record;
  };

  router.get('/v1/analyses/:id', async (req, res) => {
    res.json(views.full(await readableAnalysis(req)));
  });

  router.get('/v1/analyses/:id/markdown', async (req, res) => {
    const record = await readableAnalysis(req);
    if (!record.markdown)
      throw new NotFoundError(
        `Analysis ${record.id} has no report yet (status ${record.status})`,
      );
    res.type('text/markdown; charset=utf-8').send(record.markdown);
  });
}

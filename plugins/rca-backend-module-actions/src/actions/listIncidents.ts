import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { RcaApiFor } from '../UserRcaApi';
import { incidentListOutputSchema, toIncidentListItem } from './analysisOutput';

/** Registers `list-incidents`: the analyses the caller may read, newest first. */
export function registerListIncidents(
  registry: ActionsRegistryService,
  o: { rcaFor: RcaApiFor },
) {
  registry.register({
    name: 'list-incidents',
    title: 'List analysed incidents',
    description:
      'Lists root-cause analyses of incidents, newest first, with their status and root cause: only those on entities whose Kubernetes namespaces you may read. Filter by entity or status; call get-analysis with an id for the full answer. totalCount is the number of items returned, never a count of analyses you may not read.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .optional()
            .describe(
              'Only this catalog entity, e.g. "component:default/payments" or "payments"',
            ),
          status: z
            .enum(['queued', 'running', 'completed', 'failed'])
            .optional()
            .describe('Only analyses in this status'),
          limit: z
            .number()
            .int()
            .min(1)
            .max(100)
            .default(10)
            .describe('How many to return, 1 to 100 (default 10)'),
        }),
      output: incidentListOutputSchema,
    },
    action: async ({ input, credentials }) => {
      const list = await o.rcaFor(credentials).listAnalyses({
        entityRef: input.entityRef,
        status: input.status,
        limit: input.limit,
      });
      // rca's totalCount counts before the permission check: it would reveal unreadable analyses
      const items = list.items.map(toIncidentListItem);
      return { output: { totalCount: items.length, items } };
    },
  });
}

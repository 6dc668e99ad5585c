import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { handleRcaAnalyze } from './analyzeHandler';
import type { RcaAnalyzeActionOptions } from './analyzeOptions';

export type { RcaAnalyzeActionOptions } from './analyzeOptions';

/**
 * `rca:analyze`: asks the rca plugin for an analysis as the user who runs the template, streams its
 * progress into the task log and returns where the report was committed.
 */
export function createRcaAnalyzeAction(options: RcaAnalyzeActionOptions) {
  return createTemplateAction({
    id: 'rca:analyze',
    description:
      'Runs a root-cause analysis of a catalog entity over a time window and commits the report to Git',
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .min(1)
            .describe(
              'The component to analyse, e.g. component:default/payments',
            ),
        last: z =>
          z
            .string()
            .optional()
            .describe(
              'Relative window: 15m, 30m, 1h, 6h or 24h. Ignored when from/to are given. Default 30m.',
            ),
        from: z => z.string().optional().describe('Window start (ISO 8601)'),
        to: z => z.string().optional().describe('Window end (ISO 8601)'),
        title: z => z.string().optional().describe('Report title'),
        notes: z =>
          z
            .string()
            .optional()
            .describe('Notes from the requester, copied into the report'),
        incidentKey: z =>
          z
            .string()
            .optional()
            .describe(
              'Incident id; analyses with the same key are not repeated',
            ),
        publish: z =>
          z
            .boolean()
            .optional()
            .describe('Commit the report to Git. Default true.'),
        timeoutMinutes: z =>
          z
            .number()
            .optional()
            .describe('Give up waiting after this long. Default 10.'),
      },
      output: {
        analysisId: z => z.string(),
        rootCause: z => z.string(),
        confidence: z => z.number(),
        summary: z => z.string(),
        reportStatus: z => z.string(),
        commitSha: z => z.string().optional(),
        reportPath: z => z.string().optional(),
        reportEntityRef: z => z.string(),
        markdownUrl: z => z.string(),
        commitUrl: z => z.string().optional(),
      },
    },
    handler: ctx => handleRcaAnalyze(ctx, options),
  });
}

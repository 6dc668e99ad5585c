import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { RcaApiFor } from '../UserRcaApi';
import { analysisOutputSchema, toAnalysisOutput } from './analysisOutput';

/** Registers `get-analysis`: one analysis with its report, without waiting. */
export function registerGetAnalysis(
  registry: ActionsRegistryService,
  o: { rcaFor: RcaApiFor },
) {
  registry.register({
    name: 'get-analysis',
    title: 'Get a root-cause analysis',
    description:
      'Returns one root-cause analysis by id: its status and, once completed, the root cause, its confidence, the top hypotheses, next steps and a link to the full report. Use it to follow an analysis that analyze-incident left running, or one found with list-incidents.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          id: z
            .string()
            .min(1)
            .describe(
              'The analysis id, as analyze-incident or list-incidents return it',
            ),
        }),
      output: analysisOutputSchema,
    },
    action: async ({ input, credentials }) => {
      const analysis = await o.rcaFor(credentials).getAnalysis(input.id);
      return { output: toAnalysisOutput(analysis) };
    },
  });
}

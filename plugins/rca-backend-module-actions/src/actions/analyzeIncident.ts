import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError } from '@backstage/errors';
import type { Analysis, AnalysisRequest } from '@internal/plugin-rca-common';
import type { RcaActionsOptions } from '../options';
import type { RcaApiFor } from '../UserRcaApi';
import { analysisOutputSchema, toAnalysisOutput } from './analysisOutput';
import type { Zod } from './zod';

/** The window as the model gave it, checked for one of its two forms. */
export function requestWindow(window?: {
  last?: string;
  from?: string;
  to?: string;
}): AnalysisRequest['window'] {
  const { last, from, to } = window ?? {};
  if (last && (from || to))
    throw new InputError('window: give either last, or from and to, not both');
  if (from) return { from, to: to ?? new Date().toISOString() };
  if (to) throw new InputError('window: to needs from');
  return { last: last ?? '1h' };
}

/** The input of `analyze-incident`, described for a model. */
const analyzeIncidentInput = (z: Zod, maxWaitSeconds: number) =>
  z.object({
    entityRef: z
      .string()
      .min(1)
      .describe(
        'The catalog entity to analyse, e.g. "component:default/payments" or just "payments" (kind defaults to component, namespace to default)',
      ),
    window: z
      .object({
        last: z
          .string()
          .optional()
          .describe(
            'A duration ending now, e.g. "30m", "1h", "6h" (at most 7d)',
          ),
        from: z
          .string()
          .optional()
          .describe('Start, ISO 8601, e.g. "2026-03-01T10:00:00Z"'),
        to: z.string().optional().describe('End, ISO 8601; default now'),
      })
      .optional()
      .describe(
        'When the incident happened: either last, or from (and to). Default: the last hour',
      ),
    title: z
      .string()
      .max(200)
      .optional()
      .describe('Short title of the incident, e.g. "Checkout errors"'),
    notes: z
      .string()
      .max(10_000)
      .optional()
      .describe('What responders saw so far; it goes into the report'),
    waitSeconds: z
      .number()
      .int()
      .min(0)
      .max(maxWaitSeconds)
      .optional()
      .describe(
        `How long to wait for the report (0: answer at once). Default ${maxWaitSeconds}`,
      ),
  });

/** Polls the analysis until it is finished or the wait is over; its last state. */
async function waitForAnalysis(
  rca: ReturnType<RcaApiFor>,
  id: string,
  o: { waitMs: number; pollIntervalMs: number },
): Promise<Analysis> {
  const deadline = Date.now() + o.waitMs;
  for (;;) {
    const analysis = await rca.getAnalysis(id);
    const finished =
      analysis.status === 'completed' || analysis.status === 'failed';
    if (finished || Date.now() + o.pollIntervalMs > deadline) return analysis;
    await new Promise(r => setTimeout(r, o.pollIntervalMs));
  }
}

/** Registers `analyze-incident`: starts (or finds) the analysis of an incident and waits for it. */
export function registerAnalyzeIncident(
  registry: ActionsRegistryService,
  o: RcaActionsOptions & { rcaFor: RcaApiFor },
) {
  const maxWaitSeconds = Math.floor(o.maxWaitMs / 1000);
  registry.register({
    name: 'analyze-incident',
    title: 'Analyze an incident',
    description: `Runs a root-cause analysis of an incident on a Backstage catalog entity (a service and its Kubernetes workloads): it gathers Kubernetes state and events, metrics and logs over the time window and answers with the most likely root cause, its confidence, the top hypotheses and a link to the full report. An analysis of the same entity and window (to the minute) is reused, not started twice. It waits up to ${maxWaitSeconds} seconds; if the analysis is still running it answers with its id and status: call get-analysis with that id later. You need read access to the entity's Kubernetes namespaces.`,
    attributes: { destructive: false, idempotent: true, readOnly: false },
    schema: {
      input: z => analyzeIncidentInput(z, maxWaitSeconds),
      output: analysisOutputSchema,
    },
    action: async ({ input, credentials }) => {
      const rca = o.rcaFor(credentials);
      const created = await rca.createAnalysis({
        entityRef: input.entityRef,
        window: requestWindow(input.window),
        ...(input.title ? { title: input.title } : {}),
        ...(input.notes ? { notes: input.notes } : {}),
      });
      const analysis = await waitForAnalysis(rca, created.id, {
        waitMs: (input.waitSeconds ?? maxWaitSeconds) * 1000,
        pollIntervalMs: o.pollIntervalMs,
      });
      return { output: toAnalysisOutput(analysis, created.existing) };
    },
  });
}

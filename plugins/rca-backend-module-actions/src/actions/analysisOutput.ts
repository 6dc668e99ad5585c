import type { Analysis, AnalysisSummary } from '@internal/plugin-rca-common';
import type { Zod } from './zod';

/** How many hypotheses an answer carries: enough to weigh alternatives, few enough to read. */
const TOP_HYPOTHESES = 3;

const rootCauseShape = (z: Zod) =>
  z
    .object({
      category: z.string().describe('Root-cause category of the taxonomy'),
      title: z.string().describe('One-line root cause'),
      confidence: z.number().describe('0 to 1'),
    })
    .describe('The most likely root cause');

const linksShape = (z: Zod) =>
  z.object({
    self: z.string().describe('The analysis in the rca API'),
    markdown: z.string().describe('The report as Markdown'),
    report: z
      .string()
      .optional()
      .describe('The report page in Backstage, once committed'),
    entity: z.string().optional().describe('The analysed entity in Backstage'),
    commit: z.string().optional().describe('The report commit in Git'),
  });

/** The output of `analyze-incident` and `get-analysis`: one analysis, its report once done. */
export const analysisOutputSchema = (z: Zod) =>
  z.object({
    id: z.string().describe('Analysis id, for get-analysis'),
    status: z
      .enum(['queued', 'running', 'completed', 'failed'])
      .describe('completed: the report fields are set'),
    entityRef: z.string(),
    title: z.string().optional(),
    window: z.object({ from: z.string(), to: z.string() }),
    existing: z
      .boolean()
      .optional()
      .describe('True when an analysis of this incident already existed'),
    rootCause: rootCauseShape(z).optional(),
    summary: z.string().optional().describe('What happened, in a paragraph'),
    reportStatus: z
      .enum(['complete', 'degraded'])
      .optional()
      .describe('degraded: some evidence sources failed'),
    hypotheses: z
      .array(
        z.object({
          rank: z.number(),
          category: z.string(),
          title: z.string(),
          confidence: z.number(),
          explanation: z.string(),
        }),
      )
      .optional()
      .describe(`The top ${TOP_HYPOTHESES} hypotheses, most likely first`),
    nextSteps: z.array(z.string()).optional(),
    error: z.string().optional().describe('Why the analysis failed'),
    links: linksShape(z),
    message: z.string().describe('What to do next, in a sentence'),
  });

function message(a: Analysis): string {
  switch (a.status) {
    case 'completed':
      return `Root cause: ${a.result?.report.rootCause.title}. Full report: ${
        a.links.report ?? a.links.markdown
      }`;
    case 'failed':
      return `The analysis failed: ${a.error?.message ?? 'unknown error'}`;
    default:
      return `The analysis is ${a.status}; call get-analysis with id ${a.id} in a little while for the report`;
  }
}

/** An analysis as the actions answer it: the report's gist, not its evidence. */
export function toAnalysisOutput(a: Analysis, existing?: boolean) {
  const report = a.result?.report;
  return {
    id: a.id,
    status: a.status,
    entityRef: a.entityRef,
    ...(a.title ? { title: a.title } : {}),
    window: { from: a.window.from, to: a.window.to },
    ...(existing === undefined ? {} : { existing }),
    ...(report
      ? {
          rootCause: report.rootCause,
          summary: report.summary,
          reportStatus: report.status,
          hypotheses: report.hypotheses
            .slice(0, TOP_HYPOTHESES)
            .map(({ rank, category, title, confidence, explanation }) => ({
              rank,
              category,
              title,
              confidence,
              explanation,
            })),
          nextSteps: report.nextSteps.map(s =>
            s.command ? `${s.text} (\`${s.command}\`)` : s.text,
          ),
        }
      : {}),
    ...(a.error ? { error: a.error.message } : {}),
    links: a.links,
    message: message(a),
  };
}

/** The output of `list-incidents`. */
export const incidentListOutputSchema = (z: Zod) =>
  z.object({
    totalCount: z
      .number()
      .describe(
        'How many analyses are returned here (those you may read); not how many exist',
      ),
    items: z.array(
      z.object({
        id: z.string().describe('Analysis id, for get-analysis'),
        entityRef: z.string(),
        status: z.enum(['queued', 'running', 'completed', 'failed']),
        title: z.string().optional(),
        window: z.object({ from: z.string(), to: z.string() }),
        createdAt: z.string(),
        createdBy: z.string().optional(),
        rootCause: rootCauseShape(z).optional(),
        links: linksShape(z),
      }),
    ),
  });

/** One listed analysis: its root cause, no report. */
export function toIncidentListItem(a: AnalysisSummary) {
  return {
    id: a.id,
    entityRef: a.entityRef,
    status: a.status,
    ...(a.title ? { title: a.title } : {}),
    window: { from: a.window.from, to: a.window.to },
    createdAt: a.createdAt,
    ...(a.createdBy ? { createdBy: a.createdBy } : {}),
    ...(a.result ? { rootCause: a.result.rootCause } : {}),
    links: a.links,
  };
}

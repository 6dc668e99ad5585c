import { z } from 'zod';
import { rootCauseLabels } from './taxonomy';

const isoTime = z.string().min(1);

/** @public */
export const evidenceItemSchema = z.object({
  id: z.string().regex(/^E\d+$/),
  source: z.string(),
  cluster: z.string().optional(),
  object: z.string(),
  field: z.string().optional(),
  text: z.string(),
  timestamp: isoTime.optional(),
  severity: z.enum(['info', 'warning', 'error']),
  /** Set when the timestamp is outside the window: before it (baseline) or after it. */
  period: z.enum(['baseline', 'after']).optional(),
});

/** @public */
export type EvidenceItem = z.infer<typeof evidenceItemSchema>;

/** @public */
export const hypothesisSchema = z.object({
  rank: z.number().int().min(1),
  category: z.enum(rootCauseLabels),
  title: z.string(),
  confidence: z.number().min(0).max(1),
  object: z.string().optional(),
  onset: isoTime.optional(),
  explanation: z.string(),
  evidence: z.array(z.string()),
  /**
   * The causal chain this cause starts, cause first (e.g. volume full → crash loop → not ready);
   * the later links are findings it explains. Absent when the hypothesis explains no other.
   */
  chain: z.array(z.string()).optional(),
});

/** @public */
export type Hypothesis = z.infer<typeof hypothesisSchema>;

/**
 * A finding considered and set aside: it ended before the window, has since cleared, or is about
 * a workload outside the analysed component.
 *
 * @public
 */
export const ruledOutSchema = z.object({
  category: z.enum(rootCauseLabels),
  title: z.string(),
  object: z.string().optional(),
  reason: z.string(),
  evidence: z.array(z.string()),
});

/** @public */
export type RuledOut = z.infer<typeof ruledOutSchema>;

/**
 * A write, in the lookback, to an object that can change the analysed component's behaviour (its
 * workload template, a ConfigMap or Secret it reads, a NetworkPolicy, Service, HPA, PVC, RBAC of
 * its service account, a node it runs on). `aligned` marks the one that lines up with an onset.
 *
 * @public
 */
export const reportedChangeSchema = z.object({
  at: isoTime,
  cluster: z.string(),
  entityRef: z.string(),
  object: z.string(),
  what: z.string(),
  who: z.string().optional(),
  diff: z.string().optional(),
  evidence: z.string().optional(),
  aligned: z.boolean().optional(),
});

/** @public */
export type ReportedChange = z.infer<typeof reportedChangeSchema>;

/** @public */
export const sourceStatusSchema = z.object({
  name: z.string(),
  status: z.enum(['ok', 'partial', 'failed', 'skipped']),
  error: z.string().optional(),
});

/** @public */
export type SourceStatus = z.infer<typeof sourceStatusSchema>;

/** @public */
export const timelineEntrySchema = z.object({
  at: isoTime,
  text: z.string(),
  evidence: z.array(z.string()),
  kind: z.enum(['change', 'symptom', 'signal', 'window']),
});

/** @public */
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

/**
 * A metric series that departed from its baseline, for a chart: the window's points, the onset
 * the engine found and the evidence item that states it.
 *
 * @public
 */
export const metricSeriesSchema = z.object({
  evidence: z.string(),
  object: z.string(),
  /** The metric family, as the evidence item's `field`. */
  field: z.string(),
  title: z.string(),
  onset: isoTime.optional(),
  /** `[unix seconds, value]`, oldest first. */
  points: z.array(z.tuple([z.number(), z.number()])),
});

/** @public */
export type MetricSeries = z.infer<typeof metricSeriesSchema>;

/** @public */
export const nextStepSchema = z.object({
  text: z.string(),
  command: z.string().optional(),
});

/** @public */
export type NextStep = z.infer<typeof nextStepSchema>;

/** @public */
export const reportAccessSchema = z.object({
  namespaces: z.array(z.object({ cluster: z.string(), namespace: z.string() })),
  /**
   * One entry per namespace group: a reader must hold at least one ref of every entry (`*`: anyone).
   * Empty: the report draws on no namespace. Absent: only admins.
   */
  readers: z.array(z.array(z.string())).optional(),
});

/** @public */
export type RcaReportAccess = z.infer<typeof reportAccessSchema>;

/**
 * The structured report: the Markdown's YAML front matter and the `report` field of the API.
 *
 * @public
 */
export const reportSchema = z.object({
  id: z.string(),
  /** The analysis' incident key, set when it is committed: a re-posted incident is not committed twice. */
  incidentKey: z.string().optional(),
  title: z.string(),
  // A full ref: the report page links to the entity, and a bare name would not resolve.
  entityRef: z
    .string()
    .regex(
      /^[^:/\s]+:[^:/\s]+\/[^:/\s]+$/,
      'must be a full entity ref such as component:default/payments',
    ),
  /** Owner of the analysed entity when the report was made; the report entity's owner. */
  owner: z.string().optional(),
  window: z.object({ from: isoTime, to: isoTime }),
  generatedAt: isoTime,
  status: z.enum(['complete', 'degraded']),
  rootCause: z.object({
    category: z.enum(rootCauseLabels),
    title: z.string(),
    confidence: z.number().min(0).max(1),
  }),
  hypotheses: z.array(hypothesisSchema),
  /** Findings considered and set aside, with the reason; absent in reports made before it was added. */
  ruledOut: z.array(ruledOutSchema).optional(),
  summary: z.string(),
  impact: z.string(),
  nextSteps: z.array(nextStepSchema),
  timeline: z.array(timelineEntrySchema),
  /** The change timeline, newest first (present when Kubernetes was read). */
  changes: z.array(reportedChangeSchema).optional(),
  evidence: z.array(evidenceItemSchema),
  /** The changed metrics' series, for charts; absent in reports made before it was added. */
  series: z.array(metricSeriesSchema).optional(),
  evidenceOmitted: z.number().int().min(0),
  /** What could not be observed because a source failed, timed out or was denied. */
  gaps: z.array(z.string()),
  /**
   * Absences with a known reason ("no logs: the pods never started"); stated, not gaps, so they
   * do not make the report degraded. Absent in reports made before it was added.
   */
  statedFacts: z.array(z.string()).optional(),
  sources: z.array(sourceStatusSchema),
  queries: z.array(z.string()),
  /**
   * Who may read the report: the Kubernetes namespaces its evidence could come from (a reader needs
   * kubernetes.namespace.read on each), and the owners that grant it (set when it is committed).
   */
  access: reportAccessSchema.optional(),
  notes: z.string().optional(),
  generator: z.object({
    version: z.string(),
    llm: z.object({
      used: z.boolean(),
      model: z.string().optional(),
      fallbackReason: z.string().optional(),
    }),
  }),
});

/** @public */
export type RcaReport = z.infer<typeof reportSchema>;

/**
 * The catalog entity a committed report becomes: `resource:default/rca-<analysis id>`.
 *
 * @public
 */
export function reportEntityRef(analysisId: string): string {
  return `resource:default/rca-${analysisId
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 59)}`;
}

/**
 * Events-service topic the rca backend publishes to after each committed report, so the catalog
 * provider refreshes at once instead of on its next schedule.
 *
 * @public
 */
export const RCA_REPORT_PUBLISHED_TOPIC = 'rca.report.published';

/** @public */
export interface RcaReportPublishedEvent {
  analysisId: string;
  entityRef: string;
  path: string;
  commitSha: string;
}

/**
 * Annotations on report entities.
 *
 * @public
 */
export const RCA_ANNOTATIONS = {
  analysisId: 'rca.backstage.io/analysis-id',
  commitSha: 'rca.backstage.io/commit-sha',
  reportPath: 'rca.backstage.io/report-path',
  status: 'rca.backstage.io/status',
  rootCause: 'rca.backstage.io/root-cause',
  confidence: 'rca.backstage.io/confidence',
  generatedAt: 'rca.backstage.io/generated-at',
  windowFrom: 'rca.backstage.io/window-from',
  windowTo: 'rca.backstage.io/window-to',
} as const;

/** `spec.type` of report entities. @public */
export const RCA_REPORT_ENTITY_TYPE = 'rca-report';

import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type {
  RcaReport,
  RcaReportAccess,
  SourceStatus,
} from '@internal/plugin-rca-common';
import { cleanText } from '../../contracts';
import type { RunContext } from '../RunContext';
import type { Findings } from './assembleFindings';
import type { RunSummary } from './summarize';
import { reportedChanges } from '../../sources/kubernetes/changeFacts';

export const ENGINE_VERSION = '0.1.0';
const MAX_EVIDENCE_IN_REPORT = 150;

/** The structured report: every cited evidence item, and the first others up to a bound. */
export function buildReport(
  run: RunContext,
  parts: {
    entity: Entity;
    sources: SourceStatus[];
    findings: Findings;
    summary: RunSummary;
    access: RcaReportAccess;
  },
): RcaReport {
  const { input, gaps } = run;
  const { sources, findings, summary } = parts;
  const { hypotheses, ruledOut, evidence } = findings;
  const cited = new Set([...hypotheses, ...ruledOut].flatMap(h => h.evidence));
  const shown = evidence.filter(
    (e, i) => cited.has(e.id) || i < MAX_EVIDENCE_IN_REPORT,
  );
  return {
    id: input.id,
    ...(input.incidentKey ? { incidentKey: input.incidentKey } : {}),
    title: cleanText(
      input.title?.trim() || `Root cause analysis of ${input.entityRef}`,
      200,
    ),
    entityRef: input.entityRef,
    ...ownerOf(parts.entity),
    window: findings.window,
    generatedAt: new Date().toISOString(),
    status:
      gaps.length ||
      sources.some(s => s.status === 'failed' || s.status === 'partial')
        ? 'degraded'
        : 'complete',
    rootCause: {
      category: hypotheses[0].category,
      title: hypotheses[0].title,
      confidence: hypotheses[0].confidence,
    },
    hypotheses,
    ...(ruledOut.length ? { ruledOut } : {}),
    summary: summary.summary,
    impact: findings.impact,
    nextSteps: summary.nextSteps,
    timeline: findings.timeline,
    ...reportedChanges(run.facts, run.evidence, shown),
    evidence: shown,
    // Only series whose evidence item the report shows, so every chart cites an item.
    ...seriesShown(findings, shown),
    evidenceOmitted: evidence.length - shown.length,
    gaps,
    ...(run.statedFacts.length ? { statedFacts: run.statedFacts } : {}),
    sources,
    queries: run.queries,
    access: parts.access,
    ...(input.notes ? { notes: cleanText(input.notes, 10_000) } : {}),
    generator: { version: ENGINE_VERSION, llm: summary.llm },
  };
}

function seriesShown(
  findings: Findings,
  shown: Array<{ id: string }>,
): Pick<RcaReport, 'series'> {
  const ids = new Set(shown.map(e => e.id));
  const series = findings.series.filter(s => ids.has(s.evidence));
  return series.length ? { series } : {};
}

/** The entity's owner as a full ref (`group:default/x`), as the catalog resolves `spec.owner`. */
function ownerOf(entity: Entity): { owner?: string } {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) return {};
  try {
    return {
      owner: stringifyEntityRef(
        parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: entity.metadata.namespace ?? 'default',
        }),
      ),
    };
  } catch {
    return {};
  }
}

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
  const { hypotheses, evidence } = findings;
  const cited = new Set(hypotheses.flatMap(h => h.evidence));
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
    summary: summary.summary,
    impact: findings.impact,
    nextSteps: summary.nextSteps,
    timeline: findings.timeline,
    evidence: shown,
    evidenceOmitted: evidence.length - shown.length,
    gaps,
    sources,
    queries: run.queries,
    access: parts.access,
    ...(input.notes ? { notes: cleanText(input.notes, 10_000) } : {}),
    generator: { version: ENGINE_VERSION, llm: summary.llm },
  };
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

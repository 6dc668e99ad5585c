import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { LlmClient } from '@internal/llm-client';
import type {
  NextStep,
  RcaReport,
  SourceStatus,
  TimelineEntry,
} from '@internal/plugin-rca-common';
import { type CatalogReader, resolveTargets } from './resolveTargets';
import { KUBERNETES_FACTS } from '../sources/kubernetes/kubeFacts';
import { defaultAnalyzers } from '../rules';
import { buildDigest, summarizeWithLlm } from './summarize';
import { renderMarkdown } from '../report/renderMarkdown';
import { cleanText, redactSecrets } from '../contracts/redactSecrets';
import type { NamespaceGate } from './NamespaceGate';
import { alignChanges } from './alignChanges';
import { EvidenceLedger } from '../contracts/EvidenceLedger';
import { rankHypotheses, toHypothesis, type RankedHypothesis } from './rank';
import {
  type AnalysisInput,
  type Analyzer,
  type EvidenceCollector,
  FactStore,
  type HypothesisDraft,
  type RcaTarget,
} from '../contracts';

export const ENGINE_VERSION = '0.1.0';
const MAX_EVIDENCE_IN_REPORT = 150;

export interface RcaEngineOptions {
  collectors: EvidenceCollector[];
  analyzers?: Analyzer[];
  llm?: LlmClient;
  logger: LoggerService;
  /** dependsOn hops followed from the entity. Default 2. */
  dependencyDepth?: number;
}

export interface RcaRunOptions {
  input: AnalysisInput;
  entity: Entity;
  catalog: CatalogReader;
  signal?: AbortSignal;
  /** Called for each step; the backend stores it and the scaffolder action streams it. */
  onProgress?(step: string, message: string): void;
  /**
   * Turns every target into the (cluster, namespace) pairs the requesting user may read; the
   * collectors query nothing else. Required, so no caller can run an unscoped analysis.
   */
  namespaceGate: Pick<NamespaceGate, 'apply' | 'readersOf'>;
}

export interface RcaRunResult {
  report: RcaReport;
  markdown: string;
}

/**
 * The analysis pipeline: catalog → collectors (in parallel) → analyzers → change alignment →
 * ranking → optional LLM summary → Markdown. Deterministic for a given input, the LLM aside; the
 * LLM never changes the ranking.
 */
export class RcaEngine {
  readonly #options: RcaEngineOptions;

  constructor(options: RcaEngineOptions) {
    this.#options = options;
  }

  get collectors(): EvidenceCollector[] {
    return this.#options.collectors;
  }

  async run(options: RcaRunOptions): Promise<RcaRunResult> {
    const { input, signal } = options;
    const progress = (step: string, message: string) =>
      options.onProgress?.(step, redactSecrets(message));
    const evidence = new EvidenceLedger();
    const facts = new FactStore();
    const gaps: string[] = [];
    const queries: string[] = [];
    const gap = (m: string) => gaps.push(cleanText(m, 600));

    progress('catalog', `Resolving ${input.entityRef} and its dependencies`);
    const resolved = await resolveTargets({
      entity: options.entity,
      catalog: options.catalog,
      evidence,
      maxDepth: this.#options.dependencyDepth ?? 2,
      gap,
    });
    const targets = await options.namespaceGate.apply(resolved, {
      gap,
      progress: m => progress('kubernetes', m),
    });
    const deps = targets
      .filter(t => t.role === 'dependency')
      .map(t => t.entityRef);
    progress(
      'catalog',
      `Found ${deps.length} dependencies${
        deps.length ? `: ${deps.join(', ')}` : ''
      }`,
    );

    const sources: SourceStatus[] = [{ name: 'catalog', status: 'ok' }];
    const results = await Promise.all(
      this.#options.collectors.map(async collector => {
        signal?.throwIfAborted();
        progress(collector.name, `Collecting ${collector.name} evidence`);
        try {
          const status = await collector.collect({
            input,
            targets,
            evidence,
            facts,
            signal,
            logger: this.#options.logger,
            progress: m => progress(collector.name, m),
            gap,
            query: q => queries.push(redactSecrets(q)),
          });
          return {
            name: collector.name,
            ...status,
            error: status.error && redactSecrets(status.error),
          };
        } catch (e) {
          // A collector bug must not fail the run: the source is reported as failed instead.
          const message = cleanText((e as Error)?.message ?? String(e), 300);
          gap(`${collector.name} evidence could not be collected: ${message}`);
          this.#options.logger.warn(
            `collector ${collector.name} failed: ${message}`,
          );
          return {
            name: collector.name,
            status: 'failed' as const,
            error: message,
          };
        }
      }),
    );
    sources.push(...results);
    signal?.throwIfAborted();

    progress('analysis', `Analysing ${evidence.size} evidence items`);
    let drafts: HypothesisDraft[] = [];
    for (const analyzer of this.#options.analyzers ?? defaultAnalyzers()) {
      try {
        drafts.push(...analyzer.analyze({ input, targets, evidence, facts }));
      } catch (e) {
        gap(
          `analyzer ${analyzer.name} failed: ${redactSecrets(
            (e as Error)?.message ?? String(e),
          )}`,
        );
      }
    }
    drafts = alignChanges(drafts, facts, evidence);
    const ranked = rankHypotheses(drafts, {
      targets,
      gaps,
    });
    const top = ranked[0];
    progress(
      'analysis',
      `Top hypothesis: ${top.category} (${top.confidence.toFixed(2)}) ${
        top.title
      }`,
    );

    const ids = evidence.assignIds(ranked.flatMap(h => h.evidence));
    const hypotheses = ranked.map((h, i) => toHypothesis(h, i + 1, ids));
    // Evidence outside the window is never cited as if it were in it: it is labelled.
    const allEvidence = evidence.items().map(e => withPeriod(e, input.window));
    const cited = new Set(hypotheses.flatMap(h => h.evidence));
    const shown = allEvidence.filter(
      (e, i) => cited.has(e.id) || i < MAX_EVIDENCE_IN_REPORT,
    );
    const window = {
      from: input.window.from.toISOString(),
      to: input.window.to.toISOString(),
    };
    const impact = describeImpact(facts, input.entityRef);
    const timeline = buildTimeline(ranked, allEvidence, ids, window);

    const deterministicSummary = summarize(
      hypotheses[0],
      ranked[0],
      input.entityRef,
      hypotheses.length,
    );
    const deterministicSteps = dedupeSteps(
      ranked.slice(0, 3).flatMap(h => h.nextSteps),
    ).slice(0, 8);
    let llm: RcaReport['generator']['llm'] = { used: false };
    let summary = deterministicSummary;
    let nextSteps = deterministicSteps;
    if (this.#options.llm?.configured) {
      progress(
        'summary',
        `Asking ${this.#options.llm.model ?? 'the LLM'} for a summary`,
      );
      const digest = buildDigest({
        entityRef: input.entityRef,
        window,
        hypotheses,
        evidence: allEvidence,
        impact,
      });
      const result = await summarizeWithLlm(
        this.#options.llm,
        digest,
        new Set(allEvidence.map(e => e.id)),
        signal,
      );
      if (result.summary) {
        summary = result.summary.summary;
        nextSteps = result.summary.nextSteps.length
          ? result.summary.nextSteps
          : deterministicSteps;
        llm = { used: true, model: result.summary.model };
      } else {
        llm = {
          used: false,
          model: this.#options.llm.model,
          fallbackReason: result.fallbackReason,
        };
        progress('summary', `LLM summary not used: ${result.fallbackReason}`);
      }
    }

    const namespaces = readScope(targets);
    const readers = await options.namespaceGate.readersOf(namespaces);
    const access = { namespaces, ...(readers ? { readers } : {}) };
    const report: RcaReport = {
      id: input.id,
      ...(input.incidentKey ? { incidentKey: input.incidentKey } : {}),
      title: cleanText(
        input.title?.trim() || `Root cause analysis of ${input.entityRef}`,
        200,
      ),
      entityRef: input.entityRef,
      ...ownerOf(options.entity),
      window,
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
      summary,
      impact,
      nextSteps,
      timeline,
      evidence: shown,
      evidenceOmitted: allEvidence.length - shown.length,
      gaps,
      sources,
      queries,
      access,
      ...(input.notes ? { notes: cleanText(input.notes, 10_000) } : {}),
      generator: { version: ENGINE_VERSION, llm },
    };
    progress(
      'report',
      `Rendering the report (${shown.length} evidence items, ${gaps.length} gaps)`,
    );
    return { report, markdown: renderMarkdown(report) };
  }
}

function withPeriod<T extends { timestamp?: string }>(
  e: T,
  window: { from: Date; to: Date },
): T & { period?: 'baseline' | 'after' } {
  if (!e.timestamp) return e;
  const at = Date.parse(e.timestamp);
  if (at < window.from.getTime()) return { ...e, period: 'baseline' };
  if (at > window.to.getTime()) return { ...e, period: 'after' };
  return e;
}

/** Every (cluster, namespace) pair the analysis could draw evidence from: who may read the report. */
function readScope(targets: RcaTarget[]) {
  const pairs = targets.flatMap(t =>
    [...(t.allowedNamespaces ?? [])].flatMap(([cluster, names]) =>
      names.map(namespace => ({ cluster, namespace })),
    ),
  );
  const seen = new Set<string>();
  return pairs
    .filter(p => {
      const key = `${p.cluster}/${p.namespace}`;
      return !seen.has(key) && !!seen.add(key);
    })
    .sort((a, b) =>
      `${a.cluster}/${a.namespace}`.localeCompare(
        `${b.cluster}/${b.namespace}`,
      ),
    );
}

function dedupeSteps(steps: NextStep[]): NextStep[] {
  const seen = new Set<string>();
  return steps
    .map(s => ({
      text: cleanText(s.text, 600),
      ...(s.command ? { command: cleanText(s.command, 400) } : {}),
    }))
    .filter(s => {
      const key = `${s.text}|${s.command ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

function summarize(
  h: RcaReport['hypotheses'][number],
  r: RankedHypothesis,
  entityRef: string,
  count: number,
): string {
  if (h.category === 'no_issue_healthy')
    return `No issue found for ${entityRef} in the window: ${h.explanation}.`;
  const cites = h.evidence.length
    ? ` [${h.evidence.slice(0, 6).join(', ')}]`
    : '';
  const onset = h.onset ? `, starting ${h.onset}` : '';
  const object = h.object ? ` on ${h.object}` : '';
  return `Most likely root cause of the ${entityRef} incident: ${h.title} (${
    h.category
  }, confidence ${h.confidence.toFixed(2)})${object}${onset}. ${
    h.explanation
  }.${cites}${
    r.change ? ' It lines up with a change just before the onset.' : ''
  }${
    count > 1
      ? ` ${count - 1} other hypotheses were considered and ranked lower.`
      : ''
  }`;
}

function describeImpact(facts: FactStore, entityRef: string): string {
  const k8s = facts.get(KUBERNETES_FACTS);
  const own = (k8s?.clusters ?? []).flatMap(s =>
    s.targets.filter(t => t.target.role === 'target').map(t => ({ s, t })),
  );
  if (!own.length)
    return `No Kubernetes workloads of ${entityRef} could be observed.`;
  const pods = own.flatMap(x => x.t.pods);
  const notReady = pods.filter(
    p =>
      !p.status?.conditions?.some(
        c => c.type === 'Ready' && c.status === 'True',
      ),
  );
  const restarts = pods.reduce(
    (n, p) =>
      n +
      (p.status?.containerStatuses ?? []).reduce(
        (m, c) => m + (c.restartCount ?? 0),
        0,
      ),
    0,
  );
  const deployments = own.flatMap(x => x.t.deployments);
  const unavailable = deployments.filter(
    d =>
      (d.status?.unavailableReplicas ?? 0) > 0 ||
      (d.status?.availableReplicas ?? 0) < (d.spec?.replicas ?? 1),
  );
  const clusters = [
    ...new Set(own.filter(x => x.t.pods.length).map(x => x.s.cluster)),
  ];
  return `${notReady.length} of ${
    pods.length
  } pods of ${entityRef} not ready across ${clusters.length} cluster(s)${
    clusters.length ? ` (${clusters.join(', ')})` : ''
  }; ${restarts} container restarts; ${unavailable.length} of ${
    deployments.length
  } Deployments below their desired available replicas.`;
}

function buildTimeline(
  ranked: RankedHypothesis[],
  evidence: ReturnType<EvidenceLedger['items']>,
  ids: Map<string, string>,
  window: { from: string; to: string },
): TimelineEntry[] {
  const byId = new Map(evidence.map(e => [e.id, e]));
  const changes = new Set(
    ranked.map(h => h.change && ids.get(h.change)).filter(Boolean),
  );
  const entries: TimelineEntry[] = [];
  const seen = new Set<string>();
  for (const h of ranked.filter(x => x.scope !== 'namespace').slice(0, 3)) {
    for (const key of h.evidence) {
      const id = ids.get(key);
      const e = id ? byId.get(id) : undefined;
      if (!e?.timestamp || seen.has(e.id)) continue;
      seen.add(e.id);
      entries.push({
        at: e.timestamp,
        text: `${e.object}: ${e.text}`.slice(0, 300),
        evidence: [e.id],
        kind: timelineKind(changes.has(e.id), e.severity),
      });
    }
  }
  entries.push({
    at: window.from,
    text: 'Analysis window starts',
    evidence: [],
    kind: 'window',
  });
  entries.push({
    at: window.to,
    text: 'Analysis window ends',
    evidence: [],
    kind: 'window',
  });
  return entries.sort((a, b) => a.at.localeCompare(b.at)).slice(0, 30);
}

function timelineKind(
  isChange: boolean,
  severity: string,
): TimelineEntry['kind'] {
  if (isChange) return 'change';
  return severity === 'info' ? 'signal' : 'symptom';
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

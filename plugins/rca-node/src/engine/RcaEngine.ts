import type { Entity } from '@backstage/catalog-model';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { LlmClient } from '@internal/llm-client';
import type { RcaReport } from '@internal/plugin-rca-common';
import type { AnalysisInput, Analyzer, EvidenceCollector } from '../contracts';
import { defaultAnalyzers } from '../rules';
import { renderMarkdown } from '../report/renderMarkdown';
import { createRunContext } from './RunContext';
import { alignChanges } from './steps/alignChanges';
import { analyze } from './steps/analyze';
import { assembleFindings } from './steps/assembleFindings';
import { buildReport } from './steps/buildReport';
import { collectEvidence } from './steps/collectEvidence';
import { gateNamespaces, type RunNamespaceGate } from './steps/gateNamespaces';
import { rank } from './steps/rank';
import { settleSilence } from './steps/settleSilence';
import { readAccess } from './steps/readAccess';
import { type CatalogReader, resolveTargets } from './steps/resolveTargets';
import { summarize } from './steps/summarize';

export { ENGINE_VERSION } from './steps/buildReport';

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
  namespaceGate: RunNamespaceGate;
}

export interface RcaRunResult {
  report: RcaReport;
  markdown: string;
}

/**
 * The analysis pipeline: catalog → namespace gate → collectors (in parallel) → gaps settled →
 * analyzers → change alignment → ranking → optional LLM summary → report and Markdown.
 * Deterministic for a given input, the LLM aside; the LLM never changes the ranking.
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
    const { entity, namespaceGate } = options;
    const run = createRunContext({
      input: options.input,
      signal: options.signal,
      logger: this.#options.logger,
      onProgress: options.onProgress,
    });

    run.progress(
      'catalog',
      `Resolving ${run.input.entityRef} and its dependencies`,
    );
    const resolved = await resolveTargets({
      entity,
      catalog: options.catalog,
      evidence: run.evidence,
      maxDepth: this.#options.dependencyDepth ?? 2,
      gap: run.gap,
    });
    const targets = await gateNamespaces(run, namespaceGate, resolved);
    const sources = await collectEvidence(
      run,
      this.#options.collectors,
      targets,
      namespaceGate.mayRead && (refs => namespaceGate.mayRead!(refs)),
    );
    settleSilence(run);
    const analyzers = this.#options.analyzers ?? defaultAnalyzers();
    const drafts = analyze(run, analyzers, targets);
    const aligned = alignChanges(drafts, run.facts, run.evidence);
    const ranked = rank(run, aligned, targets);
    const findings = assembleFindings(run, ranked);
    const summary = await summarize(run, this.#options.llm, ranked, findings);
    // What was shown from beyond the targets' namespaces (a callee's Service, the nodes) joins
    // the report's access, so its readers must be able to read that too.
    const access = await readAccess(
      namespaceGate,
      targets,
      run.evidence.drawnFrom(),
    );
    const report = buildReport(run, {
      entity,
      sources,
      findings,
      summary,
      access,
    });

    run.progress(
      'report',
      `Rendering the report (${report.evidence.length} evidence items, ${run.gaps.length} gaps)`,
    );
    return { report, markdown: renderMarkdown(report) };
  }
}

import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  type AnalysisInput,
  cleanText,
  EvidenceLedger,
  FactStore,
  redactSecrets,
} from '../contracts';

/** What the steps of one run share: the evidence, the facts, the gaps and the queries sent. */
export interface RunContext {
  input: AnalysisInput;
  signal?: AbortSignal;
  logger: LoggerService;
  evidence: EvidenceLedger;
  facts: FactStore;
  /** Listed under "Evidence gaps": a source failed, timed out or was denied; the report is degraded. */
  gaps: string[];
  /** Absences with a known reason (pods that never started have no logs); not gaps. */
  statedFacts: string[];
  /** Listed under "Queries used". */
  queries: string[];
  gap(message: string): void;
  state(message: string): void;
  progress(step: string, message: string): void;
}

export function createRunContext(options: {
  input: AnalysisInput;
  signal?: AbortSignal;
  logger: LoggerService;
  onProgress?(step: string, message: string): void;
}): RunContext {
  const gaps: string[] = [];
  const statedFacts: string[] = [];
  return {
    input: options.input,
    signal: options.signal,
    logger: options.logger,
    evidence: new EvidenceLedger(),
    facts: new FactStore(),
    gaps,
    statedFacts,
    queries: [],
    gap: message => {
      gaps.push(cleanText(message, 600));
    },
    state: message => {
      statedFacts.push(cleanText(message, 600));
    },
    // Progress is shown and stored as it comes: redacted before it leaves the engine.
    progress: (step, message) =>
      options.onProgress?.(step, redactSecrets(message)),
  };
}

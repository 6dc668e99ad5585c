import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SourceStatus } from '@internal/plugin-rca-common';
import type { EvidenceLedger } from './EvidenceLedger';
import type { FactStore } from './facts';
import type { AnalysisInput, RcaTarget } from './target';

export interface CollectorContext {
  input: AnalysisInput;
  targets: RcaTarget[];
  evidence: EvidenceLedger;
  facts: FactStore;
  signal?: AbortSignal;
  logger: LoggerService;
  progress(message: string): void;
  /** Something that could not be observed; listed under "Evidence gaps" and makes the report degraded. */
  gap(message: string): void;
  /**
   * Something absent for a known reason (no logs because the pods never started): listed under
   * "Stated facts"; unlike a gap it does not make the report degraded.
   */
  state(message: string): void;
  /** A query sent to a data source, listed under "Queries used". */
  query(text: string): void;
  /**
   * Whether the requesting user may read these namespaces, by the same check as the targets'.
   * Absent: nothing outside the targets' namespaces may be read.
   */
  mayRead?(
    refs: Array<{ cluster: string; namespace: string }>,
  ): Promise<boolean[]>;
}

/** One evidence source. A collector never throws for a source problem: it reports a gap. */
export interface EvidenceCollector {
  readonly name: string;
  collect(ctx: CollectorContext): Promise<Omit<SourceStatus, 'name'>>;
}

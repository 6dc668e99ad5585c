import type { SourceStatus } from '@internal/plugin-rca-common';
import {
  cleanText,
  type CollectorContext,
  type EvidenceCollector,
  type RcaTarget,
  redactSecrets,
} from '../../contracts';
import type { RunContext } from '../RunContext';

/** Runs every collector in parallel; the catalog, read before, is the first source. */
export async function collectEvidence(
  run: RunContext,
  collectors: EvidenceCollector[],
  targets: RcaTarget[],
  mayRead?: CollectorContext['mayRead'],
): Promise<SourceStatus[]> {
  const sources: SourceStatus[] = [{ name: 'catalog', status: 'ok' }];
  const results = await Promise.all(
    collectors.map(collector => collectOne(run, collector, targets, mayRead)),
  );
  sources.push(...results);
  run.signal?.throwIfAborted();
  return sources;
}

async function collectOne(
  run: RunContext,
  collector: EvidenceCollector,
  targets: RcaTarget[],
  mayRead?: CollectorContext['mayRead'],
): Promise<SourceStatus> {
  run.signal?.throwIfAborted();
  run.progress(collector.name, `Collecting ${collector.name} evidence`);
  try {
    const status = await collector.collect({
      input: run.input,
      targets,
      evidence: run.evidence,
      facts: run.facts,
      signal: run.signal,
      logger: run.logger,
      progress: m => run.progress(collector.name, m),
      gap: run.gap,
      state: run.state,
      query: q => run.queries.push(redactSecrets(q)),
      mayRead,
    });
    return {
      name: collector.name,
      ...status,
      error: status.error && redactSecrets(status.error),
    };
  } catch (e) {
    // A collector bug must not fail the run: the source is reported as failed instead.
    const message = cleanText((e as Error)?.message ?? String(e), 300);
    run.gap(`${collector.name} evidence could not be collected: ${message}`);
    run.logger.warn(`collector ${collector.name} failed: ${message}`);
    return { name: collector.name, status: 'failed', error: message };
  }
}

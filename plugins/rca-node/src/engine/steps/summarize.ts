import type { LlmClient } from '@internal/llm-client';
import type { NextStep, RcaReport } from '@internal/plugin-rca-common';
import type { RankedHypothesis } from '../ranking/score';
import type { RunContext } from '../RunContext';
import {
  deterministicSteps,
  deterministicSummary,
} from '../summary/deterministicSummary';
import { buildDigest, summarizeWithLlm } from '../summary/llmSummary';
import type { Findings } from './assembleFindings';

export interface RunSummary {
  summary: string;
  nextSteps: NextStep[];
  llm: RcaReport['generator']['llm'];
}

/**
 * The summary and next steps: the LLM's when it is configured and answers with valid citations,
 * else the deterministic ones. The LLM never changes the ranking.
 */
export async function summarize(
  run: RunContext,
  llm: LlmClient | undefined,
  ranked: RankedHypothesis[],
  findings: Findings,
): Promise<RunSummary> {
  const { entityRef } = run.input;
  const { hypotheses, evidence } = findings;
  const fallback: RunSummary = {
    summary: deterministicSummary(
      hypotheses[0],
      ranked[0],
      entityRef,
      hypotheses.length,
    ),
    nextSteps: deterministicSteps(ranked),
    llm: { used: false },
  };
  if (!llm?.configured) return fallback;
  run.progress('summary', `Asking ${llm.model ?? 'the LLM'} for a summary`);
  const digest = buildDigest({
    entityRef,
    window: findings.window,
    hypotheses,
    evidence,
    impact: findings.impact,
  });
  const result = await summarizeWithLlm(
    llm,
    digest,
    new Set(evidence.map(e => e.id)),
    run.signal,
  );
  if (result.summary)
    return {
      summary: result.summary.summary,
      nextSteps: result.summary.nextSteps.length
        ? result.summary.nextSteps
        : fallback.nextSteps,
      llm: { used: true, model: result.summary.model },
    };
  run.progress('summary', `LLM summary not used: ${result.fallbackReason}`);
  return {
    ...fallback,
    llm: {
      used: false,
      model: llm.model,
      fallbackReason: result.fallbackReason,
    },
  };
}

import type { RootCauseLabel } from '@internal/plugin-rca-common';
import { LOGS_FACTS } from '../sources/victoriaLogs/VictoriaLogsCollector';
import type { Analyzer, AnalyzerContext, HypothesisDraft } from '../contracts';
import { classifyCrash } from './classifiers';
import { DraftGroup } from './helpers';
import { nextStepsFor } from './nextSteps';

const MEMORY =
  /OutOfMemoryError|heap out of memory|JavaScript heap|Cannot allocate memory|MemoryError|memory limit exceeded/i;

function classifyLog(
  text: string,
): { label: RootCauseLabel; specificity: number } | undefined {
  if (MEMORY.test(text))
    return { label: 'oom_killed_limit_too_low', specificity: 0.6 };
  return classifyCrash(text);
}

/**
 * Causes read from log templates that are new in the incident window or jumped in rate; templates
 * as frequent as in the baseline are chronic and say nothing about this incident.
 */
export class LogsAnalyzer implements Analyzer {
  readonly name = 'logs';

  analyze(ctx: AnalyzerContext): HypothesisDraft[] {
    const facts = ctx.facts.get(LOGS_FACTS);
    const group = new DraftGroup();
    for (const t of facts?.targets ?? []) {
      for (const tpl of t.templates) {
        const hit = classifyLog(`${tpl.template}\n${tpl.exemplars.join('\n')}`);
        if (!hit) continue;
        const weight = tpl.trend === 'new' ? 0.95 : 0.85;
        group.add(`${t.entityRef}|${hit.label}`, {
          category: hit.label,
          title: `Logs: ${tpl.template.slice(0, 120)}`,
          explanation: `log template ${
            tpl.trend === 'new'
              ? 'new in the window'
              : `up ×${tpl.rateRatio.toFixed(1)}`
          } (${tpl.incidentCount} lines, ${
            tpl.baselineCount
          } in the baseline), first at ${tpl.firstSeen}`,
          object: `${t.namespace ? `${t.namespace}/` : ''}${t.entityRef
            .split('/')
            .pop()} logs`,
          level: 3,
          scope: t.role === 'target' ? 'target' : 'dependency',
          entityRef: t.entityRef,
          onset: tpl.firstSeen,
          evidence: [tpl.evidence],
          specificity: hit.specificity * weight,
          nextSteps: nextStepsFor(hit.label, { namespace: t.namespace }),
        });
      }
    }
    return group.drafts();
  }
}

import type {
  Analyzer,
  AnalyzerContext,
  HypothesisDraft,
} from '../../contracts';
import { LOGS_FACTS } from '../../sources/victoriaLogs/VictoriaLogsCollector';
import { classify } from '../classify';
import { crashingPods } from '../crashingPods';
import { fullClaims } from '../fullClaims';
import { workloadSettings } from '../workloadSettings';
import { DraftGroup, workloadOf } from '../helpers';
import { nextStepsFor } from '../nextSteps';
import { peersClause } from '../peers/peersClause';
import { logEchoes } from '../logEchoes';

/** A template new in the window says more than one that only rose. */
const NEW_TEMPLATE_WEIGHT = 0.95;
const RISING_TEMPLATE_WEIGHT = 0.85;

/**
 * Causes read from log templates that are new in the incident window or jumped in rate; templates
 * as frequent as in the baseline are chronic and say nothing about this incident. Classified by
 * the `log` message rules, then the `crash` ones.
 */
export class LogsAnalyzer implements Analyzer {
  readonly name = 'logs';

  analyze(ctx: AnalyzerContext): HypothesisDraft[] {
    const facts = ctx.facts.get(LOGS_FACTS);
    const group = new DraftGroup();
    for (const t of facts?.targets ?? []) {
      const crashing = crashingPods(ctx, t.entityRef);
      for (const tpl of t.templates) {
        const text = `${tpl.template}\n${tpl.exemplars.join('\n')}`;
        const hit = classify('log', text) ?? classify('crash', text);
        if (!hit) continue;
        // A full disk in the logs: the claim the volume metrics show full.
        const claims =
          hit.label === 'pvc_disk_full'
            ? fullClaims(ctx, t.entityRef)
            : { evidence: [] };
        const weight =
          tpl.trend === 'new' ? NEW_TEMPLATE_WEIGHT : RISING_TEMPLATE_WEIGHT;
        const workload = workloadOf(ctx, t.entityRef, t.namespace);
        // Which in-cluster object the failing call went to, as the snapshot knows it.
        const peers = peersClause(ctx, text, t.namespace ?? workload.namespace);
        const echoes = logEchoes(tpl);
        group.add(`${t.entityRef}|${hit.label}`, {
          category: hit.label,
          title: `Logs: ${tpl.template.slice(0, 120)}`,
          explanation: `log template ${
            tpl.trend === 'new'
              ? 'new in the window'
              : `up ×${tpl.rateRatio.toFixed(1)}`
          } (${tpl.incidentCount} lines, ${
            tpl.baselineCount
          } in the baseline), first at ${tpl.firstSeen}${[
            crashing,
            workloadSettings(ctx, t.entityRef, hit.label),
            claims.text,
            peers.text,
            echoes.text,
          ]
            .filter(Boolean)
            .map(x => `; ${x}`)
            .join('')}`,
          object: `${t.namespace ? `${t.namespace}/` : ''}${t.entityRef
            .split('/')
            .pop()} logs`,
          level: 3,
          scope: t.role === 'target' ? 'target' : 'dependency',
          entityRef: t.entityRef,
          onset: tpl.firstSeen,
          evidence: [
            tpl.evidence,
            ...claims.evidence,
            ...peers.evidence,
            ...echoes.evidence,
          ],
          specificity: hit.specificity * weight,
          nextSteps: nextStepsFor(hit.label, workload),
        });
      }
    }
    return group.drafts();
  }
}

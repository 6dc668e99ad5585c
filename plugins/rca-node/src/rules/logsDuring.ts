import type { AnalyzerContext } from '../contracts';
import { LOGS_FACTS } from '../sources/victoriaLogs/VictoriaLogsCollector';

/** Templates cited and quoted: a failed run's own output is short; past this it is noise. */
const MAX_CITED = 5;
const MAX_QUOTED = 3;

/**
 * The component's error-log templates new in the window and first seen while a run (a Job's pods)
 * was going, the last ones in time order, with their evidence. A batch run logs its failure once or twice
 * before it exits, too few lines for a log rule to read as a cause, yet it is the first thing a
 * responder needs ("Host key verification failed", "permission denied").
 */
export function logsDuring(
  ctx: Pick<AnalyzerContext, 'facts'>,
  entityRef: string | undefined,
  run: { from?: string; to?: string },
): { text?: string; evidence: string[] } {
  const from = run.from ? Date.parse(run.from) : -Infinity;
  const to = run.to ? Date.parse(run.to) : Infinity;
  const during = (ctx.facts.get(LOGS_FACTS)?.targets ?? [])
    .filter(t => t.entityRef === entityRef)
    .flatMap(t => t.templates)
    .filter(tpl => {
      const at = tpl.firstSeen ? Date.parse(tpl.firstSeen) : NaN;
      return tpl.trend === 'new' && at >= from && at <= to;
    })
    .sort((a, b) => Date.parse(a.firstSeen!) - Date.parse(b.firstSeen!))
    // A run's last lines before it exits say why it failed.
    .slice(-MAX_CITED);
  if (!during.length) return { evidence: [] };
  return {
    text: `its pods logged ${during
      .slice(-MAX_QUOTED)
      .map(t => JSON.stringify(t.exemplars[0] ?? t.template))
      .join(', ')}`,
    evidence: during.map(t => t.evidence),
  };
}

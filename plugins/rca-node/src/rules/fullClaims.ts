import type { AnalyzerContext } from '../contracts';
import { METRICS_FACTS } from '../sources/victoriaMetrics/metricsFacts';
import { FULL_RATIO } from './families/pvcDiskFull';
import { percent } from './helpers';

/**
 * The component's claims whose usage metric shows them full, with their evidence: a log line says
 * "no space left on device" without naming the volume, the kubelet's volume stats do.
 */
export function fullClaims(
  ctx: Pick<AnalyzerContext, 'facts'>,
  entityRef: string,
): { text?: string; evidence: string[] } {
  const full = (ctx.facts.get(METRICS_FACTS)?.findings ?? []).filter(
    f =>
      f.entityRef === entityRef &&
      f.family === 'pvc_usage' &&
      f.peak >= FULL_RATIO &&
      f.labels.persistentvolumeclaim,
  );
  if (!full.length) return { evidence: [] };
  return {
    text: `full: ${full
      .map(
        f =>
          `PersistentVolumeClaim ${f.labels.persistentvolumeclaim} at ${percent(
            f.peak,
          )}`,
      )
      .join(', ')}`,
    evidence: full.map(f => f.evidence),
  };
}

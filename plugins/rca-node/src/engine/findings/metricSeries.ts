import type { MetricSeries } from '@internal/plugin-rca-common';
import type { FactStore } from '../../contracts';
import { FAMILIES } from '../../sources/victoriaMetrics/metricFamilies';
import { METRICS_FACTS } from '../../sources/victoriaMetrics/metricsFacts';

/** Charts a report carries at most: the entity's own changed series come first. */
const MAX_SERIES = 8;

/** The series of the metrics that changed, keyed by their evidence ids, for the report's charts. */
export function metricSeries(
  facts: FactStore,
  ids: Map<string, string>,
): MetricSeries[] {
  const findings = facts.get(METRICS_FACTS)?.findings ?? [];
  return findings
    .filter(f => f.points?.length && ids.has(f.evidence))
    .sort((a, b) => Number(a.role !== 'target') - Number(b.role !== 'target'))
    .slice(0, MAX_SERIES)
    .map(f => ({
      evidence: ids.get(f.evidence)!,
      object: f.object,
      field: f.family,
      title: FAMILIES[f.family].title,
      ...(f.onset ? { onset: f.onset } : {}),
      points: f.points!,
    }));
}

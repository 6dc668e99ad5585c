import type { Config } from '@backstage/config';

/** What POST /v1/analyses accepts, from `rca.*` config. */
export interface AnalysisRequestOptions {
  /** Catalog kinds that can be analysed, as written in config (compared case-insensitively). */
  analyzableKinds: string[];
  /** Longest window. */
  maxWindowMs: number;
  /** How far back a window may start: the retention of the evidence sources. */
  maxWindowAgeMs: number;
}

export const DEFAULT_ANALYSIS_REQUEST_OPTIONS: AnalysisRequestOptions = {
  analyzableKinds: ['Component', 'Resource', 'System'],
  maxWindowMs: 24 * 7 * 3600_000,
  maxWindowAgeMs: 30 * 86_400_000,
};

function positive(config: Config, key: string): number | undefined {
  const value = config.getOptionalNumber(key);
  if (value !== undefined && !(value > 0))
    throw new Error(`${key} must be a positive number, got ${value}`);
  return value;
}

/** Reads `rca.analyzableKinds`, `rca.maxWindowHours` and `rca.maxWindowAgeDays` once, at startup. */
export function readAnalysisRequestOptions(
  config: Config,
): AnalysisRequestOptions {
  const defaults = DEFAULT_ANALYSIS_REQUEST_OPTIONS;
  const kinds = config.getOptionalStringArray('rca.analyzableKinds');
  if (kinds && !kinds.length)
    throw new Error('rca.analyzableKinds must list at least one kind');
  const hours = positive(config, 'rca.maxWindowHours');
  const days = positive(config, 'rca.maxWindowAgeDays');
  return {
    analyzableKinds: kinds ?? defaults.analyzableKinds,
    maxWindowMs: hours ? hours * 3600_000 : defaults.maxWindowMs,
    maxWindowAgeMs: days ? days * 86_400_000 : defaults.maxWindowAgeMs,
  };
}

import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** How alerts start analyses (`rca.alerts.*`). */
export interface AlertOptions {
  /** Whether POST /v1/alerts/* is served. */
  enabled: boolean;
  /** How far before the alert's `startsAt` the analysis window begins. */
  lookbackMs: number;
  /** How far after `startsAt` the window ends (never later than now). */
  marginMs: number;
  /** After an alert started an analysis of an entity, how long other alerts of it start none. */
  entityCooldownMs: number;
  /** At most this many analyses started by alerts per `rateLimitWindowMs`, over all entities. */
  maxAnalyses: number;
  rateLimitWindowMs: number;
  /** How long the catalog's Kubernetes-annotated entities are kept for matching. */
  catalogCacheTtlMs: number;
  /** Labels that name the entity outright, in order of preference. */
  entityLabels: string[];
  /** Notify the owner of the entity when an alert-started report is committed. */
  notifyOwner: boolean;
}

export const DEFAULT_ALERT_OPTIONS: AlertOptions = {
  enabled: true,
  lookbackMs: 60 * 60_000,
  marginMs: 5 * 60_000,
  entityCooldownMs: 15 * 60_000,
  maxAnalyses: 20,
  rateLimitWindowMs: 60_000,
  catalogCacheTtlMs: 60_000,
  entityLabels: ['backstage_io_entity', 'backstage_entity', 'entity'],
  notifyOwner: true,
};

function positive(config: Config, key: string): number | undefined {
  const value = config.getOptionalNumber(key);
  if (value !== undefined && !(value >= 0))
    throw new Error(`${key} must be zero or a positive number, got ${value}`);
  return value;
}

/** A number that must be at least 1 (a limit of 0 would stop or break every alert). */
function atLeastOne(config: Config, key: string): number | undefined {
  const value = config.getOptionalNumber(key);
  if (value !== undefined && !(value >= 1))
    throw new InputError(`${key} must be at least 1, got ${value}`);
  return value;
}

/** Reads `rca.alerts.*` once, at startup. */
export function readAlertOptions(config: Config): AlertOptions {
  const d = DEFAULT_ALERT_OPTIONS;
  const minutes = (key: string, fallback: number) => {
    const value = positive(config, `rca.alerts.${key}`);
    return value === undefined ? fallback : value * 60_000;
  };
  const seconds = (key: string, fallback: number) => {
    const value = positive(config, `rca.alerts.${key}`);
    return value === undefined ? fallback : value * 1000;
  };
  return {
    enabled: config.getOptionalBoolean('rca.alerts.enabled') ?? d.enabled,
    lookbackMs: minutes('lookbackMinutes', d.lookbackMs),
    marginMs: minutes('marginMinutes', d.marginMs),
    entityCooldownMs: minutes('entityCooldownMinutes', d.entityCooldownMs),
    maxAnalyses:
      atLeastOne(config, 'rca.alerts.rateLimit.maxAnalyses') ?? d.maxAnalyses,
    rateLimitWindowMs:
      (atLeastOne(config, 'rca.alerts.rateLimit.windowSeconds') ??
        d.rateLimitWindowMs / 1000) * 1000,
    catalogCacheTtlMs: seconds('catalogCacheSeconds', d.catalogCacheTtlMs),
    entityLabels:
      config.getOptionalStringArray('rca.alerts.entityLabels') ??
      d.entityLabels,
    notifyOwner:
      config.getOptionalBoolean('rca.alerts.notifyOwner') ?? d.notifyOwner,
  };
}

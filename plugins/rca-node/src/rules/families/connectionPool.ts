import type { RootCauseLabel } from '@internal/plugin-rca-common';
import type { RuleFamily } from '../family';
import { confirmWithMetrics } from '../steps';

/** Requests wait on a saturated connection pool. */
export const LABELS = [
  'connection_pool_exhaustion',
] as const satisfies readonly RootCauseLabel[];

export const SPECIFICITY = {
  /** The process or its driver reports the pool exhausted. */
  poolMessage: 0.75,
};

export const TITLES = {
  crashLoop: 'Crash loop: connection pool exhausted',
};

export const connectionPool: RuleFamily = {
  name: 'connectionPool',
  labels: LABELS,
  messages: {
    crash: [
      {
        pattern:
          /too many connections|connection pool|pool exhausted|remaining connection slots|HikariPool|Connection is not available|timeout acquiring (a )?connection|QueuePool limit|could not obtain (a )?connection|pool timeout/i,
        label: 'connection_pool_exhaustion',
        specificity: SPECIFICITY.poolMessage,
      },
    ],
  },
  crashTitles: { connection_pool_exhaustion: TITLES.crashLoop },
  nextSteps: { connection_pool_exhaustion: confirmWithMetrics },
};

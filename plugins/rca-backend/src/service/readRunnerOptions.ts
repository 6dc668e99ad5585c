import type { Config } from '@backstage/config';

/** The runner's settings (`rca.*`): concurrency and the shutdown deadline. */
export function readRunnerOptions(config: Config): {
  maxConcurrent: number;
  shutdownTimeoutMs: number;
} {
  return {
    maxConcurrent: config.getOptionalNumber('rca.maxConcurrentAnalyses') ?? 2,
    shutdownTimeoutMs:
      config.getOptionalNumber('rca.shutdownTimeoutMs') ?? 20_000,
  };
}

import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** The runner's settings (`rca.*`): concurrency, the shutdown deadline and the queue's lease. */
export function readRunnerOptions(config: Config): {
  maxConcurrent: number;
  shutdownTimeoutMs: number;
  leaseMs: number;
} {
  const leaseSeconds = config.getOptionalNumber('rca.queue.leaseSeconds') ?? 30;
  if (!(leaseSeconds >= 1))
    throw new InputError(
      `rca.queue.leaseSeconds must be at least 1, got ${leaseSeconds}`,
    );
  return {
    maxConcurrent: config.getOptionalNumber('rca.maxConcurrentAnalyses') ?? 2,
    shutdownTimeoutMs:
      config.getOptionalNumber('rca.shutdownTimeoutMs') ?? 20_000,
    leaseMs: leaseSeconds * 1000,
  };
}

import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/**
 * How the rca actions behave (`rca.actions`).
 *
 * @public
 */
export interface RcaActionsOptions {
  /** How long `analyze-incident` waits for the report before answering with the status. */
  maxWaitMs: number;
  /** Poll interval while it waits. */
  pollIntervalMs: number;
}

/** Reads `rca.actions` once, at start. */
export function readRcaActionsOptions(config: Config): RcaActionsOptions {
  const maxWaitSeconds =
    config.getOptionalNumber('rca.actions.maxWaitSeconds') ?? 45;
  const pollIntervalMs =
    config.getOptionalNumber('rca.actions.pollIntervalMs') ?? 1000;
  if (!(maxWaitSeconds >= 0))
    throw new InputError('rca.actions.maxWaitSeconds must be 0 or more');
  if (!(pollIntervalMs > 0))
    throw new InputError('rca.actions.pollIntervalMs must be positive');
  return { maxWaitMs: maxWaitSeconds * 1000, pollIntervalMs };
}

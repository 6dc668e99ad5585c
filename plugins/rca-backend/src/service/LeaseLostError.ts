import { CustomErrorBase } from '@backstage/errors';

/**
 * Why a run stopped: its lease expired (the replica stalled past `rca.queue.leaseSeconds`) and
 * another replica took the analysis over. Nothing of the run is written after it.
 */
export class LeaseLostError extends CustomErrorBase {
  name = 'LeaseLost' as const;
}

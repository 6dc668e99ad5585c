import { CustomErrorBase } from '@backstage/errors';

/** Why a job never ran: the signal fired while it waited for a slot. */
export class QueueAbortedError extends CustomErrorBase {
  constructor(readonly reason: unknown, readonly waitedMs: number) {
    super('aborted while waiting for a rate-limit slot');
  }
}

/** Runs jobs within a request budget; a job whose signal fires while queued never runs. */
export interface RequestLimiter {
  schedule<T>(job: () => Promise<T>, signal: AbortSignal): Promise<T>;
  stop(): Promise<void>;
}

export interface LimiterOptions {
  requestsPerWindow: number;
  windowMs: number;
  maxConcurrent: number;
}

import Bottleneck from 'bottleneck';
import IORedis from 'ioredis';
import {
  QueueAbortedError,
  type LimiterOptions,
  type RequestLimiter,
} from './types';

/**
 * One budget shared by every backend replica, kept in Redis by bottleneck's clustering mode.
 * Requests are spaced evenly (minTime) with 10 % headroom, so no sliding window holds more than
 * the budget even though replicas' requests leave from different processes with their own
 * scheduling jitter.
 */
export class BottleneckRedisLimiter implements RequestLimiter {
  readonly #limiter: Bottleneck;
  readonly #redis: IORedis;

  constructor(
    options: LimiterOptions & {
      redisUrl: string;
      id: string;
      onError?: (e: unknown) => void;
    },
  ) {
    this.#redis = new IORedis(options.redisUrl, { maxRetriesPerRequest: 2 });
    this.#limiter = new Bottleneck({
      id: options.id,
      datastore: 'ioredis',
      clearDatastore: false,
      connection: new Bottleneck.IORedisConnection({ client: this.#redis }),
      minTime: Math.ceil((options.windowMs * 1.1) / options.requestsPerWindow),
      maxConcurrent: options.maxConcurrent,
    });
    this.#limiter.on('error', e => options.onError?.(e));
  }

  schedule<T>(job: () => Promise<T>, signal: AbortSignal): Promise<T> {
    const queuedAt = Date.now();
    let started = false;
    const scheduled = this.#limiter.schedule(() => {
      // The caller gave up while this waited: send nothing.
      if (signal.aborted) return Promise.reject(signal.reason);
      started = true;
      return job();
    });
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        if (!started) {
          scheduled.catch(() => undefined);
          reject(new QueueAbortedError(signal.reason, Date.now() - queuedAt));
        }
      };
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      scheduled.then(
        v => {
          signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
        e => {
          signal.removeEventListener('abort', onAbort);
          reject(e);
        },
      );
    });
  }

  async stop(): Promise<void> {
    await Promise.resolve(this.#limiter.stop({ dropWaitingJobs: true })).catch(
      () => undefined,
    );
    // Quits both Redis connections (commands and pub/sub).
    await Promise.resolve(this.#limiter.disconnect(true)).catch(
      () => undefined,
    );
  }
}

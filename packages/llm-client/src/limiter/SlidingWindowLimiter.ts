import {
  QueueAbortedError,
  windowWithHeadroom,
  type LimiterOptions,
  type RequestLimiter,
} from './types';

interface Waiter {
  run: () => void;
  fail: (error: Error) => void;
}

/**
 * In-process limiter: at most `requestsPerWindow` starts in any sliding window and at most
 * `maxConcurrent` in flight, FIFO. Written here rather than using bottleneck in-process because
 * bottleneck's local store yields through timers and added ~4.4 ms to every call (yarn bench:llm);
 * this one starts a job synchronously when a slot is free. Bottleneck still shares budgets across
 * replicas through Redis (BottleneckRedisLimiter).
 */
export class SlidingWindowLimiter implements RequestLimiter {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #maxConcurrent: number;
  /** Start times of the last `#max` jobs, oldest first. */
  readonly #starts: number[] = [];
  readonly #queue: Waiter[] = [];
  #running = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(options: LimiterOptions) {
    this.#max = options.requestsPerWindow;
    this.#windowMs = windowWithHeadroom(options.windowMs);
    this.#maxConcurrent = options.maxConcurrent;
  }

  schedule<T>(job: () => Promise<T>, signal: AbortSignal): Promise<T> {
    if (this.#stopped) return Promise.reject(new Error('limiter stopped'));
    if (signal.aborted)
      return Promise.reject(new QueueAbortedError(signal.reason, 0));
    const queue = this.#queue;
    return new Promise<T>((resolve, reject) => {
      const queuedAt = Date.now();
      const waiter: Waiter = {
        fail: error => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
        run: () => {
          signal.removeEventListener('abort', onAbort);
          this.#running += 1;
          job()
            .then(resolve, reject)
            .finally(() => {
              this.#running -= 1;
              this.#drain();
            });
        },
      };
      function onAbort(this: void) {
        const i = queue.indexOf(waiter);
        if (i >= 0) {
          // Leaves the queue without taking a slot.
          queue.splice(i, 1);
          reject(new QueueAbortedError(signal.reason, Date.now() - queuedAt));
        }
      }
      signal.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(waiter);
      this.#drain();
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    // No caller may hang on a stopped limiter.
    for (const waiter of this.#queue.splice(0)) {
      waiter.fail(new Error('limiter stopped'));
    }
  }

  #drain() {
    while (this.#queue.length && this.#running < this.#maxConcurrent) {
      const now = Date.now();
      // Forget starts that left the window, so memory stays bounded by what the window holds.
      while (this.#starts.length && this.#starts[0] + this.#windowMs <= now) {
        this.#starts.shift();
      }
      if (this.#starts.length >= this.#max) {
        this.#arm(this.#starts[0] + this.#windowMs - now);
        return;
      }
      this.#starts.push(now);
      this.#queue.shift()!.run();
    }
  }

  #arm(delayMs: number) {
    if (this.#timer || this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#drain();
    }, delayMs);
  }
}

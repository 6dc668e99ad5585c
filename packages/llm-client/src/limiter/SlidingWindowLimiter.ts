import {
  QueueAbortedError,
  type LimiterOptions,
  type RequestLimiter,
} from './types';

interface Waiter {
  run: () => void;
  fail: (error: Error) => void;
}

/**
 * In-process limiter: at most `requestsPerWindow` requests in any sliding window and at most
 * `maxConcurrent` in flight, FIFO. A request holds its slot while in flight and for a full window
 * after it *finished*: the provider saw it no later than that, so however late or jittery the
 * arrival, the provider never counts more than the budget in any window. Written here rather than using bottleneck in-process because
 * bottleneck's local store yields through timers and added ~4.4 ms to every call (yarn bench:llm);
 * this one starts a job synchronously when a slot is free. Bottleneck still shares budgets across
 * replicas through Redis (BottleneckRedisLimiter).
 */
export class SlidingWindowLimiter implements RequestLimiter {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #maxConcurrent: number;
  /** Finish times of jobs still inside the window, oldest first. */
  readonly #finished: number[] = [];
  readonly #queue: Waiter[] = [];
  #running = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(options: LimiterOptions) {
    this.#max = options.requestsPerWindow;
    this.#windowMs = options.windowMs;
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
              this.#finished.push(Date.now());
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
      // Forget requests that left the window, so memory stays bounded by what the window holds.
      while (
        this.#finished.length &&
        this.#finished[0] + this.#windowMs <= now
      ) {
        this.#finished.shift();
      }
      if (this.#running + this.#finished.length >= this.#max) {
        // With every slot in flight, the next finish calls #drain; otherwise wait for the oldest.
        if (this.#finished.length)
          this.#arm(this.#finished[0] + this.#windowMs - now);
        return;
      }
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

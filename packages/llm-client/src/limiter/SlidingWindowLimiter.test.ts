import { SlidingWindowLimiter } from './SlidingWindowLimiter';
import { QueueAbortedError } from './types';

const never = new AbortController().signal;

describe('SlidingWindowLimiter budget', () => {
  it('starts a job at once when the budget allows, and queues the rest in order', async () => {
    const limiter = new SlidingWindowLimiter({
      requestsPerWindow: 2,
      windowMs: 200,
      maxConcurrent: 10,
    });
    const starts: Array<[string, number]> = [];
    const t0 = Date.now();
    const job = (name: string) => async () => {
      starts.push([name, Date.now() - t0]);
    };
    await Promise.all(
      ['a', 'b', 'c', 'd'].map(n => limiter.schedule(job(n), never)),
    );

    expect(starts.map(([n]) => n)).toEqual(['a', 'b', 'c', 'd']);
    expect(starts[1][1]).toBeLessThan(50);
    expect(starts[2][1]).toBeGreaterThanOrEqual(200);
    await limiter.stop();
  });

  it('holds a slot for a full window after its request finished, however long it ran', async () => {
    const limiter = new SlidingWindowLimiter({
      requestsPerWindow: 1,
      windowMs: 200,
      maxConcurrent: 5,
    });
    let firstDone = 0;
    let secondStart = 0;
    await Promise.all([
      limiter.schedule(async () => {
        await new Promise(r => setTimeout(r, 150));
        firstDone = Date.now();
      }, never),
      limiter.schedule(async () => {
        secondStart = Date.now();
      }, never),
    ]);
    expect(secondStart - firstDone).toBeGreaterThanOrEqual(195);
    await limiter.stop();
  });

  it('never runs more than maxConcurrent at once', async () => {
    const limiter = new SlidingWindowLimiter({
      requestsPerWindow: 100,
      windowMs: 1000,
      maxConcurrent: 2,
    });
    let running = 0;
    let peak = 0;
    const job = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise(r => setTimeout(r, 20));
      running--;
    };
    await Promise.all(
      Array.from({ length: 8 }, () => limiter.schedule(job, never)),
    );
    expect(peak).toBe(2);
    await limiter.stop();
  });
});

describe('SlidingWindowLimiter aborts and stop', () => {
  it('drops an aborted waiter without running it or spending its slot', async () => {
    const limiter = new SlidingWindowLimiter({
      requestsPerWindow: 1,
      windowMs: 300,
      maxConcurrent: 5,
    });
    const ran: string[] = [];
    await limiter.schedule(async () => ran.push('first'), never);

    const controller = new AbortController();
    const dropped = limiter.schedule(
      async () => ran.push('dropped'),
      controller.signal,
    );
    const next = limiter.schedule(async () => ran.push('next'), never);
    controller.abort();

    await expect(dropped).rejects.toBeInstanceOf(QueueAbortedError);
    await next;
    expect(ran).toEqual(['first', 'next']);
    await limiter.stop();
  });

  it('rejects waiters when stopped, so no caller hangs', async () => {
    const limiter = new SlidingWindowLimiter({
      requestsPerWindow: 1,
      windowMs: 60_000,
      maxConcurrent: 1,
    });
    await limiter.schedule(async () => undefined, never);
    const waiting = limiter.schedule(async () => undefined, never);
    await limiter.stop();
    await expect(waiting).rejects.toThrow('limiter stopped');
  });
});

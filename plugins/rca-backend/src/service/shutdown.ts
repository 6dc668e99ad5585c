import { CustomErrorBase } from '@backstage/errors';

/** Why an analysis stopped at shutdown; stored on the analysis and shown by GET /v1/analyses/:id. */
export const SHUTDOWN_REASON = 'interrupted by backend shutdown; submit again';

/** The error an analysis interrupted by shutdown is recorded with (and its abort reason). */
export class InterruptedError extends CustomErrorBase {
  name = 'Interrupted' as const;
}

/**
 * `work`, or the signal's reason as soon as it aborts. Collectors and Git do not all honour the
 * signal, and shutdown cannot wait for them.
 */
export function untilAborted<T>(
  work: Promise<T>,
  signal: AbortSignal,
): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Resolves when `work` settles or after `ms`, whichever comes first; true if `work` settled. */
export async function settledWithin(
  work: Promise<unknown>,
  ms: number,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>(resolve => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

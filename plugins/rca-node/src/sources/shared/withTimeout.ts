import { ServiceUnavailableError } from '@backstage/errors';

/**
 * Rejects with `timed out after <ms> ms` when `promise` takes longer. client-node has no per-request
 * deadline, so the Kubernetes and k8sgpt collectors bound each call with this.
 */
export async function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new ServiceUnavailableError(`timed out after ${ms} ms`)),
          ms,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

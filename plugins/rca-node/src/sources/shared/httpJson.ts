/** Shared HTTP plumbing of the metrics and logs collectors: deadline, cancellation, error text. */
import { CustomErrorBase } from '@backstage/errors';

/** A metrics or logs backend did not answer, or answered with an error. */
export class SourceError extends CustomErrorBase {
  name = 'SourceError' as const;

  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

export function requestSignal(
  timeoutMs: number,
  signal?: AbortSignal,
): AbortSignal {
  const deadline = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([deadline, signal]) : deadline;
}

/** fetch() with a deadline; network failures and timeouts become a SourceError naming the host. */
export async function fetchWithDeadline(
  url: URL,
  init: RequestInit & { timeoutMs: number; signal?: AbortSignal },
): Promise<Response> {
  try {
    return await fetch(url, {
      ...init,
      signal: requestSignal(init.timeoutMs, init.signal),
    });
  } catch (e) {
    const err = e as Error & {
      cause?: {
        code?: string;
        message?: string;
        errors?: Array<{ code?: string }>;
      };
    };
    if (err.name === 'TimeoutError')
      throw new SourceError(
        `${url.host} did not answer within ${init.timeoutMs} ms`,
      );
    if (init.signal?.aborted) throw err;
    throw new SourceError(
      `${url.host} is unreachable (${
        err.cause?.code ??
        err.cause?.errors?.[0]?.code ??
        err.cause?.message ??
        err.message
      })`,
    );
  }
}

/**
 * The error text of a failed response: `error` of a Prometheus-style JSON body, else the body text,
 * shortened. Never the request itself, which may carry credentials in headers.
 */
export async function errorText(res: Response): Promise<string> {
  const body = (await res.text().catch(() => '')).trim();
  try {
    const json = JSON.parse(body);
    if (json && typeof json.error === 'string')
      return `HTTP ${res.status}: ${json.error.slice(0, 400)}`;
  } catch {
    // not JSON: plain text error
  }
  return `HTTP ${res.status}${body ? `: ${body.slice(0, 400)}` : ''}`;
}

/** Escapes a value for a double-quoted PromQL/LogsQL string. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Escapes a literal for use inside a regular expression matcher. */
export function regexLiteral(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

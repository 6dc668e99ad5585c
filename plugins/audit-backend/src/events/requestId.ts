import { randomUUID } from 'node:crypto';
import type { Redactor } from '../redaction/Redactor';

export const REQUEST_ID_HEADER = 'x-request-id';

// A caller's id is kept when it is plausible; anything else could smuggle text into the trail.
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id to record for a request, and whether the caller sent one that was refused. */
export interface RequestId {
  id: string;
  replaced: boolean;
}

/**
 * The incoming `x-request-id` when it is well formed and not shaped like a secret (a token sent
 * in the wrong header must not be kept), otherwise undefined.
 */
export function safeRequestId(
  incoming: string | string[] | undefined,
  redactor: Redactor,
): string | undefined {
  return typeof incoming === 'string' &&
    SAFE_ID.test(incoming) &&
    redactor.redactText(incoming) === incoming
    ? incoming
    : undefined;
}

/** The incoming `x-request-id` when it is safe to keep, otherwise a new one. */
export function requestIdFor(
  incoming: string | string[] | undefined,
  redactor: Redactor,
): RequestId {
  const safe = safeRequestId(incoming, redactor);
  return safe !== undefined
    ? { id: safe, replaced: false }
    : { id: randomUUID(), replaced: incoming !== undefined };
}

/**
 * Typed errors of the LLM client. Messages never contain the API key or the prompt; raw provider
 * text is truncated and redacted before it is attached.
 */

import { CustomErrorBase } from '@backstage/errors';

/**
 * Base class: every error the client throws is an LlmError. CustomErrorBase names each error
 * after its class, so `error.name` is e.g. `LlmUnavailableError`. @public
 */
export class LlmError extends CustomErrorBase {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause);
  }
}

/** No `rca.llm` block: callers take their deterministic path. @public */
export class LlmNotConfiguredError extends LlmError {
  constructor() {
    super('No LLM is configured (rca.llm is not set)');
  }
}

/**
 * The provider is down or overloaded: circuit open, 5xx, timeouts, connection errors, or 429 after
 * every retry. Counts against the circuit breaker. @public
 */
export class LlmUnavailableError extends LlmError {
  constructor(
    message: string,
    readonly reason:
      | 'circuit-open'
      | 'provider-error'
      | 'timeout'
      | 'rate-limited'
      | 'network',
    readonly status?: number,
    /** The provider's response headers, read for Retry-After and rate-limit resets. */
    readonly headers?: Headers,
  ) {
    super(message);
  }
}

/** The call waited in the shared rate limiter past its deadline and was never sent. @public */
export class LlmRateLimitedError extends LlmError {
  constructor(readonly waitedMs: number) {
    super(
      `LLM request not sent: rate limit queue wait exceeded the deadline (${waitedMs} ms)`,
    );
  }
}

/** The caller's request was refused (400, 401, 403, 404, 422): fix the call or the config. @public */
export class LlmRequestError extends LlmError {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

/** The model's answer did not match the schema, even after one repair attempt. @public */
export class LlmSchemaError extends LlmError {
  constructor(
    message: string,
    readonly rawText: string,
    readonly issues: string[],
  ) {
    super(message);
  }
}

/** The caller aborted the call (its AbortSignal fired). @public */
export class LlmAbortedError extends LlmError {
  constructor() {
    super('LLM request aborted by the caller');
  }
}

import type { ZodType } from 'zod';

/** Structured log fields. @public */
export type LlmLogMeta = {
  [key: string]: string | number | boolean | null | undefined;
};

/** Minimal logger shape; Backstage's LoggerService satisfies it. @public */
export interface LlmLogger {
  debug(message: string, meta?: LlmLogMeta): void;
  info(message: string, meta?: LlmLogMeta): void;
  warn(message: string, meta?: LlmLogMeta): void;
  error(message: string, meta?: LlmLogMeta): void;
}

/** Minimal cache shape; Backstage's CacheService satisfies it. @public */
export interface LlmCacheStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: any, options?: { ttl?: number }): Promise<void>;
}

/** @public */
export interface LlmClientOptions {
  /** OpenAI-compatible base URL, e.g. `https://api.openai.com/v1` or `http://localhost:8000/v1`. */
  baseUrl: string;
  apiKey?: string;
  model: string;
  organization?: string;
  /** Extra headers on every request (e.g. Azure's `api-key`). Treated as secrets. */
  headers?: Record<string, string>;
  /** Extra query parameters on every request (e.g. Azure's `api-version`). */
  queryParams?: Record<string, string>;
  /** Deadline for one `complete` call, retries and queueing included. Default 60 000. */
  timeoutMs?: number;
  /** Timeout of one HTTP attempt. Default: the call's deadline. */
  attemptTimeoutMs?: number;
  /** Retries after the first attempt on 429, 5xx, timeouts and connection errors. Default 3. */
  maxRetries?: number;
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  breaker?: {
    /** Consecutive provider failures that open the circuit. Default 3. */
    failureThreshold?: number;
    /** Time the circuit stays open before one trial call is let through. Default 60 000. */
    resetTimeoutMs?: number;
  };
  rateLimit?: {
    /** Requests allowed in any window of `windowMs`. Default 10. */
    requestsPerMinute?: number;
    /** Requests in flight at once. Default 4. */
    maxConcurrent?: number;
    /** The window `requestsPerMinute` applies to. Default 60 000; shorter only in tests. */
    windowMs?: number;
    /** Share one budget across processes through Redis (bottleneck clustering). */
    redis?: { url: string; id?: string };
  };
  /** Answer identical requests from a cache for `ttlMs`. Off unless given. */
  cache?: { store: LlmCacheStore; ttlMs: number };
  logger?: LlmLogger;
  /** Log prompts and answers at debug level. Off by default: prompts may hold incident data. */
  logPrompts?: boolean;
  temperature?: number;
  maxTokens?: number;
}

/** @public */
export interface LlmMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** @public */
export interface LlmCompleteRequest<T = string> {
  messages: LlmMessage[];
  /** Validate the answer as JSON against this schema (sent as a JSON-schema response format). */
  schema?: ZodType<T>;
  /** Name of the response format, when a schema is given. */
  schemaName?: string;
  signal?: AbortSignal;
  /** Overrides the client's deadline for this call. */
  timeoutMs?: number;
  temperature?: number;
  maxTokens?: number;
}

/** @public */
export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** @public */
export interface LlmCompleteResult<T = string> {
  /** The validated object with a schema, otherwise the text. */
  data: T;
  text: string;
  model: string;
  usage: LlmUsage;
  latencyMs: number;
  /** HTTP attempts made, repairs and retries included. */
  attempts: number;
  cached: boolean;
}

/** @public */
export type LlmCircuitState = 'closed' | 'open' | 'halfOpen';

/** @public */
export interface LlmClient {
  /** False when no LLM is configured; `complete` then throws LlmNotConfiguredError. */
  readonly configured: boolean;
  readonly model?: string;
  complete<T = string>(
    request: LlmCompleteRequest<T>,
  ): Promise<LlmCompleteResult<T>>;
  circuitState(): LlmCircuitState;
  close(): Promise<void>;
}

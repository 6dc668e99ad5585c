import { createHash } from 'node:crypto';
import OpenAI from 'openai';
import CircuitBreaker from 'opossum';
import { z } from 'zod';
import {
  LlmAbortedError,
  LlmError,
  LlmRateLimitedError,
  LlmRequestError,
  LlmSchemaError,
  LlmUnavailableError,
} from './errors';
import { redact, truncate } from './redact';
import { fullJitterDelay, retryAfterMs, sleep } from './retry';
import { createLlmMetrics } from './metrics';
import { BottleneckRedisLimiter } from './limiter/BottleneckRedisLimiter';
import { SlidingWindowLimiter } from './limiter/SlidingWindowLimiter';
import { QueueAbortedError, type RequestLimiter } from './limiter/types';
import type {
  LlmCircuitState,
  LlmClient,
  LlmClientOptions,
  LlmCompleteRequest,
  LlmLogMeta,
  LlmCompleteResult,
  LlmMessage,
  LlmUsage,
} from './types';

type ChatParams =
  OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;
type ChatResponse = OpenAI.Chat.Completions.ChatCompletion;

/** Marks an attempt error that must not count against the breaker (opossum errorFilter). */
const NOT_A_PROVIDER_FAILURE = Symbol('notAProviderFailure');

/** zod → JSON Schema once per schema object, not on every call. */
const jsonSchemas = new WeakMap<object, Record<string, unknown>>();

/**
 * The resilient client: shared rate limiter → circuit breaker (opossum) → the `openai` SDK with its
 * own retries off. Retries, deadlines and repair of invalid structured output are
 * handled here so each can be observed and bounded.
 */
export class OpenAiCompatibleClient implements LlmClient {
  readonly configured = true;
  readonly model: string;
  readonly #options: LlmClientOptions;
  readonly #sdk: OpenAI;
  readonly #breaker: CircuitBreaker<
    [() => Promise<ChatResponse>],
    ChatResponse
  >;
  readonly #limiter: RequestLimiter;
  readonly #secrets: string[];
  readonly #metrics: ReturnType<typeof createLlmMetrics>;
  #consecutiveFailures = 0;

  constructor(options: LlmClientOptions) {
    this.#options = options;
    this.model = options.model;
    this.#secrets = [
      options.apiKey,
      ...Object.values(options.headers ?? {}),
    ].filter((s): s is string => !!s);
    this.#sdk = new OpenAI({
      baseURL: options.baseUrl,
      // Local servers (vLLM, Ollama) often need no key, but the SDK insists on one.
      apiKey: options.apiKey || 'not-needed',
      organization: options.organization,
      defaultHeaders: options.headers,
      defaultQuery: options.queryParams,
      maxRetries: 0,
    });

    const resetTimeout = options.breaker?.resetTimeoutMs ?? 60_000;
    this.#breaker = new CircuitBreaker(
      (call: () => Promise<ChatResponse>) => call(),
      {
        // Deadlines are ours (AbortSignal); opossum's own percentage trip is disabled (a rate can't
        // exceed 100 %) and we open on consecutive failures instead, which is what operators expect.
        timeout: false,
        errorThresholdPercentage: 100,
        resetTimeout,
        errorFilter: (err: any) => !!err?.[NOT_A_PROVIDER_FAILURE],
      },
    );
    this.#breaker.on('success', () => {
      this.#consecutiveFailures = 0;
    });
    this.#breaker.on('failure', () => {
      this.#consecutiveFailures += 1;
      if (
        this.#consecutiveFailures >= (options.breaker?.failureThreshold ?? 3)
      ) {
        this.#breaker.open();
      }
    });
    this.#breaker.on('open', () =>
      options.logger?.warn(
        `LLM circuit opened; failing fast for ${resetTimeout} ms`,
        {
          model: this.model,
        },
      ),
    );
    this.#breaker.on('close', () => {
      this.#consecutiveFailures = 0;
      options.logger?.info('LLM circuit closed', { model: this.model });
    });

    const budget = {
      requestsPerWindow: options.rateLimit?.requestsPerMinute ?? 10,
      windowMs: options.rateLimit?.windowMs ?? 60_000,
      maxConcurrent: options.rateLimit?.maxConcurrent ?? 4,
    };
    const redis = options.rateLimit?.redis;
    this.#limiter = redis
      ? new BottleneckRedisLimiter({
          ...budget,
          redisUrl: redis.url,
          id: redis.id ?? `llm-client:${options.baseUrl}:${options.model}`,
          onError: err =>
            options.logger?.error(
              `LLM rate limiter error: ${redact(String(err), this.#secrets)}`,
            ),
        })
      : new SlidingWindowLimiter(budget);

    this.#metrics = createLlmMetrics(this.model, () => this.circuitState());
  }

  circuitState(): LlmCircuitState {
    if (this.#breaker.halfOpen) return 'halfOpen';
    return this.#breaker.opened ? 'open' : 'closed';
  }

  async close(): Promise<void> {
    this.#breaker.shutdown();
    await this.#limiter.stop();
  }

  async complete<T = string>(
    request: LlmCompleteRequest<T>,
  ): Promise<LlmCompleteResult<T>> {
    const started = Date.now();
    const timeoutMs = request.timeoutMs ?? this.#options.timeoutMs ?? 60_000;
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = request.signal
      ? AbortSignal.any([request.signal, deadline])
      : deadline;
    const state = { attempts: 0 };
    try {
      const result = await this.#completeWithin<T>(
        request,
        signal,
        started,
        state,
      );
      this.#logCall(
        'success',
        started,
        state.attempts,
        result.usage,
        result.cached,
      );
      return result;
    } catch (error) {
      const typed = this.#typed(error, request.signal, timeoutMs);
      this.#logCall(
        typed.name,
        started,
        state.attempts,
        undefined,
        false,
        typed.message,
      );
      throw typed;
    }
  }

  async #completeWithin<T>(
    request: LlmCompleteRequest<T>,
    signal: AbortSignal,
    started: number,
    state: { attempts: number },
  ): Promise<LlmCompleteResult<T>> {
    const params = this.#params(request);
    const cacheKey = this.#options.cache ? this.#cacheKey(params) : undefined;
    const hit = cacheKey
      ? await this.#fromCache<T>(cacheKey, started)
      : undefined;
    if (hit) return hit;

    const usage: LlmUsage = {
      promptTokens: 0,
      completionTokens: 0,
      totalTokens: 0,
    };
    let messages = params.messages;
    for (let repair = 0; ; repair++) {
      const response = await this.#send({ ...params, messages }, signal, state);
      addUsage(usage, response);
      const text = response.choices[0]?.message?.content ?? '';
      if (this.#options.logPrompts) {
        this.#options.logger?.debug('LLM answer', {
          text: redact(text, this.#secrets),
        });
      }

      const { data, issues } = checkAnswer(request.schema, text);
      if (!issues.length) {
        const result: LlmCompleteResult<T> = {
          data: data as T,
          text,
          model: response.model || this.model,
          usage,
          latencyMs: Date.now() - started,
          attempts: state.attempts,
          cached: false,
        };
        if (cacheKey) {
          await this.#options.cache!.store.set(cacheKey, result, {
            ttl: this.#options.cache!.ttlMs,
          });
        }
        return result;
      }
      if (repair >= 1) {
        throw new LlmSchemaError(
          `LLM answer did not match the schema after one repair: ${truncate(
            issues.join('; '),
            500,
          )}`,
          truncate(redact(text, this.#secrets)),
          issues,
        );
      }
      messages = repairMessages(messages, text, issues);
    }
  }

  async #fromCache<T>(
    cacheKey: string,
    started: number,
  ): Promise<LlmCompleteResult<T> | undefined> {
    const hit = (await this.#options.cache!.store.get(cacheKey)) as
      | LlmCompleteResult<T>
      | undefined;
    if (!hit) return undefined;
    return {
      ...hit,
      cached: true,
      latencyMs: Date.now() - started,
      attempts: 0,
    };
  }

  /** One logical request: retries with backoff, every attempt through the limiter and breaker. */
  async #send(
    params: ChatParams,
    signal: AbortSignal,
    state: { attempts: number },
  ): Promise<ChatResponse> {
    const maxRetries = this.#options.maxRetries ?? 3;
    for (let retry = 0; ; retry++) {
      const last = retry >= maxRetries;
      try {
        return await this.#attempt(params, signal, last, state);
      } catch (error) {
        if (signal.aborted || last || !isRetryable(error)) throw error;
        const asked = retryAfterMs((error as LlmUnavailableError).headers);
        const wait =
          asked ??
          fullJitterDelay(
            retry,
            this.#options.retryBaseDelayMs ?? 500,
            this.#options.retryMaxDelayMs ?? 20_000,
          );
        await sleep(wait, signal);
      }
    }
  }

  async #attempt(
    params: ChatParams,
    signal: AbortSignal,
    lastAttempt: boolean,
    state: { attempts: number },
  ): Promise<ChatResponse> {
    if (this.#breaker.opened) {
      throw circuitOpen();
    }
    try {
      return await this.#limiter.schedule(() => {
        state.attempts += 1;
        return this.#breaker.fire(() =>
          this.#call(params, signal, lastAttempt),
        );
      }, signal);
    } catch (error) {
      if (error instanceof QueueAbortedError) {
        if (isDeadline(signal)) {
          this.#metrics.rateLimited('local');
          throw new LlmRateLimitedError(error.waitedMs);
        }
        throw new LlmAbortedError();
      }
      if ((error as any)?.code === 'EOPENBREAKER') throw circuitOpen();
      throw error;
    }
  }

  /** The SDK call, with its errors turned into typed ones before the breaker judges them. */
  async #call(
    params: ChatParams,
    signal: AbortSignal,
    lastAttempt: boolean,
  ): Promise<ChatResponse> {
    const attemptTimeout = this.#options.attemptTimeoutMs;
    const attemptSignal = attemptTimeout
      ? AbortSignal.any([signal, AbortSignal.timeout(attemptTimeout)])
      : signal;
    try {
      return await this.#sdk.chat.completions.create(params, {
        signal: attemptSignal,
      });
    } catch (error) {
      throw this.#classify(error, signal, attemptSignal, lastAttempt);
    }
  }

  #classify(
    error: unknown,
    callSignal: AbortSignal,
    attemptSignal: AbortSignal,
    lastAttempt: boolean,
  ): Error {
    const mark = <E extends Error>(e: E, notFailure: boolean): E => {
      if (notFailure) (e as any)[NOT_A_PROVIDER_FAILURE] = true;
      return e;
    };
    if (attemptSignal.aborted) {
      if (callSignal.aborted && !isDeadline(callSignal))
        return mark(new LlmAbortedError(), true);
      return new LlmUnavailableError(
        'LLM provider did not answer before the timeout',
        'timeout',
      );
    }
    if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
      const status = error.status;
      const message = truncate(redact(error.message, this.#secrets), 500);
      if (status === 429) {
        this.#metrics.rateLimited('provider');
        const e = new LlmUnavailableError(
          `LLM provider rate limit (429): ${message}`,
          'rate-limited',
          429,
          error.headers,
        );
        // A 429 is the provider protecting itself: only the last one of a call counts as an outage.
        return mark(e, !lastAttempt);
      }
      if (status >= 500 || status === 408) {
        return new LlmUnavailableError(
          `LLM provider error ${status}: ${message}`,
          'provider-error',
          status,
          error.headers,
        );
      }
      return mark(
        new LlmRequestError(
          `LLM request rejected (${status}): ${message}`,
          status,
        ),
        true,
      );
    }
    return new LlmUnavailableError(
      `LLM provider unreachable: ${this.#scrub(error)}`,
      'network',
    );
  }

  /** An unknown error's message, safe for logs and error texts. */
  #scrub(error: unknown): string {
    return truncate(
      redact(String((error as Error)?.message ?? error), this.#secrets),
      300,
    );
  }

  #typed(
    error: unknown,
    callerSignal: AbortSignal | undefined,
    timeoutMs: number,
  ): LlmError {
    if (error instanceof LlmError) return error;
    if (callerSignal?.aborted) return new LlmAbortedError();
    if ((error as any)?.name === 'TimeoutError') {
      return new LlmUnavailableError(
        `LLM call exceeded its ${timeoutMs} ms deadline`,
        'timeout',
      );
    }
    return new LlmUnavailableError(
      `LLM call failed: ${this.#scrub(error)}`,
      'network',
    );
  }

  #params<T>(request: LlmCompleteRequest<T>): ChatParams {
    const params: ChatParams = {
      model: this.model,
      messages: request.messages.map((m: LlmMessage) => ({
        role: m.role,
        content: m.content,
      })),
    };
    const temperature = request.temperature ?? this.#options.temperature;
    if (temperature !== undefined) params.temperature = temperature;
    const maxTokens = request.maxTokens ?? this.#options.maxTokens;
    if (maxTokens !== undefined) params.max_tokens = maxTokens;
    if (request.schema) {
      params.response_format = {
        type: 'json_schema',
        json_schema: {
          name: request.schemaName ?? 'answer',
          schema: jsonSchemaOf(request.schema),
        },
      };
    }
    if (this.#options.logPrompts) {
      this.#options.logger?.debug('LLM prompt', {
        messages: redact(JSON.stringify(params.messages), this.#secrets),
      });
    }
    return params;
  }

  #cacheKey(params: ChatParams): string {
    const hash = createHash('sha256')
      .update(JSON.stringify([this.#options.baseUrl, params]))
      .digest('hex');
    return `llm-client:${hash}`;
  }

  #logCall(
    outcome: string,
    started: number,
    attempts: number,
    usage?: LlmUsage,
    cached = false,
    error?: string,
  ) {
    const latencyMs = Date.now() - started;
    this.#metrics.call(outcome, latencyMs);
    if (usage && !cached)
      this.#metrics.tokens(usage.promptTokens, usage.completionTokens);
    const meta: LlmLogMeta = {
      model: this.model,
      outcome,
      latencyMs,
      attempts,
      promptTokens: usage?.promptTokens,
      completionTokens: usage?.completionTokens,
      cached,
    };
    if (error) {
      this.#options.logger?.warn(`LLM call failed: ${error}`, meta);
    } else {
      this.#options.logger?.info('LLM call', meta);
    }
  }
}

function jsonSchemaOf(schema: object): Record<string, unknown> {
  let json = jsonSchemas.get(schema);
  if (!json) {
    json = z.toJSONSchema(schema as z.ZodType, { target: 'draft-7' }) as Record<
      string,
      unknown
    >;
    jsonSchemas.set(schema, json);
  }
  return json;
}

function addUsage(usage: LlmUsage, response: ChatResponse) {
  usage.promptTokens += response.usage?.prompt_tokens ?? 0;
  usage.completionTokens += response.usage?.completion_tokens ?? 0;
  usage.totalTokens += response.usage?.total_tokens ?? 0;
}

/** The answer as data (validated when there is a schema) and what is wrong with it, if anything. */
function checkAnswer(
  schema: z.ZodType | undefined,
  text: string,
): { data: unknown; issues: string[] } {
  if (!schema) return { data: text, issues: [] };
  const parsed = parseJson(text);
  const checked = parsed.ok ? schema.safeParse(parsed.value) : undefined;
  if (checked?.success) return { data: checked.data, issues: [] };
  const issues = parsed.ok
    ? checked!.error!.issues.map(
        i => `${i.path.join('.') || '(root)'}: ${i.message}`,
      )
    : [`not valid JSON: ${parsed.error}`];
  return { data: text, issues };
}

/** One repair round: show the model its answer and what was wrong with it. */
function repairMessages(
  messages: ChatParams['messages'],
  text: string,
  issues: string[],
): ChatParams['messages'] {
  return [
    ...messages,
    { role: 'assistant', content: text },
    {
      role: 'user',
      content: `Your answer was invalid (${issues.join(
        '; ',
      )}). Reply again with only JSON that matches the schema.`,
    },
  ];
}

function parseJson(
  text: string,
): { ok: true; value: unknown } | { ok: false; error: string } {
  // Models sometimes wrap JSON in a Markdown fence even when asked not to.
  const unfenced = text
    .trim()
    .replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/i, '$1');
  try {
    return { ok: true, value: JSON.parse(unfenced) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

function isRetryable(error: unknown): boolean {
  return (
    error instanceof LlmUnavailableError && error.reason !== 'circuit-open'
  );
}

function isDeadline(signal: AbortSignal): boolean {
  return (signal.reason as Error | undefined)?.name === 'TimeoutError';
}

function circuitOpen(): LlmUnavailableError {
  return new LlmUnavailableError(
    'LLM circuit is open: the provider failed repeatedly; not calling it',
    'circuit-open',
  );
}

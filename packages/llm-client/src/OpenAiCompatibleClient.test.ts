import { z } from 'zod';
import { OpenAiCompatibleClient } from './OpenAiCompatibleClient';
import { UnconfiguredLlmClient } from './UnconfiguredLlmClient';
import {
  LlmAbortedError,
  LlmNotConfiguredError,
  LlmRateLimitedError,
  LlmRequestError,
  LlmSchemaError,
  LlmUnavailableError,
} from './errors';
import {
  FakeChatCompletionsServer,
  maxInAnyWindow,
} from './testing/fakeChatCompletionsServer';
import type { LlmClientOptions, LlmLogger, LlmLogMeta } from './types';

const API_KEY = 'sk-test-Zx81kQ0pLm55NvT3aa9F';

function captureLogger() {
  const lines: string[] = [];
  const at = (level: string) => (message: string, meta?: LlmLogMeta) =>
    lines.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
  const logger: LlmLogger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return { logger, lines };
}

// One fake provider and one unhandled-rejection watch for every block below.
let server: FakeChatCompletionsServer;
const clients: OpenAiCompatibleClient[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

const client = (options: Partial<LlmClientOptions> = {}) => {
  const c = new OpenAiCompatibleClient({
    baseUrl: server.baseUrl,
    apiKey: API_KEY,
    model: 'test-model',
    retryBaseDelayMs: 10,
    retryMaxDelayMs: 50,
    rateLimit: { requestsPerMinute: 10_000, maxConcurrent: 50 },
    ...options,
  });
  clients.push(c);
  return c;
};
const ask = {
  messages: [{ role: 'user' as const, content: 'why is payments down?' }],
};

beforeAll(async () => {
  server = await FakeChatCompletionsServer.start();
  process.on('unhandledRejection', onUnhandled);
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map(c => c.close()));
  server.reset();
});
afterAll(async () => {
  await server.stop();
  process.off('unhandledRejection', onUnhandled);
});

describe('OpenAiCompatibleClient answers and logs', () => {
  it('returns the answer with token accounting and latency, and logs one line without the prompt', async () => {
    const { logger, lines } = captureLogger();
    server.script({
      kind: 'answer',
      content: 'A bad rollout.',
      usage: { prompt: 40, completion: 7 },
    });
    const result = await client({ logger }).complete(ask);

    expect(result).toMatchObject({
      data: 'A bad rollout.',
      text: 'A bad rollout.',
      model: 'test-model',
      usage: { promptTokens: 40, completionTokens: 7, totalTokens: 47 },
      attempts: 1,
      cached: false,
    });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(server.requests[0].body).toMatchObject({
      model: 'test-model',
      messages: ask.messages,
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^info LLM call .*"outcome":"success".*"promptTokens":40.*"completionTokens":7/,
    );
    expect(lines.join('\n')).not.toContain('why is payments down');
    expect(lines.join('\n')).not.toContain(API_KEY);
  });

  it('logs prompts only when explicitly enabled, at debug level and redacted', async () => {
    const { logger, lines } = captureLogger();
    await client({ logger, logPrompts: true }).complete({
      messages: [
        { role: 'user', content: `token=${API_KEY} why is payments down?` },
      ],
    });
    const debug = lines.filter(l => l.startsWith('debug'));
    expect(debug.join('\n')).toContain('why is payments down');
    expect(lines.join('\n')).not.toContain(API_KEY);
  });
});

describe('OpenAiCompatibleClient circuit breaker', () => {
  it('opens the circuit after exactly 3 consecutive provider failures, fails fast, half-opens and closes', async () => {
    server.fallback({ kind: 'status', status: 500 });
    const c = client({
      maxRetries: 0,
      breaker: { failureThreshold: 3, resetTimeoutMs: 300 },
    });

    for (let i = 0; i < 3; i++) {
      await expect(c.complete(ask)).rejects.toMatchObject({
        name: 'LlmUnavailableError',
        reason: 'provider-error',
        status: 500,
      });
      expect(c.circuitState()).toBe(i < 2 ? 'closed' : 'open');
    }
    expect(server.requests).toHaveLength(3);

    const started = Date.now();
    await expect(c.complete(ask)).rejects.toMatchObject({
      reason: 'circuit-open',
    });
    expect(Date.now() - started).toBeLessThan(100);
    expect(server.requests).toHaveLength(3); // nothing reached the provider

    await new Promise(r => setTimeout(r, 350));
    expect(c.circuitState()).toBe('halfOpen');
    server.fallback({ kind: 'answer', content: 'recovered' });
    await expect(c.complete(ask)).resolves.toMatchObject({ data: 'recovered' });
    expect(c.circuitState()).toBe('closed');
    expect(server.requests).toHaveLength(4);
  });

  it('counts retried attempts: a call whose retries keep failing opens the circuit and stops retrying', async () => {
    server.fallback({ kind: 'status', status: 503 });
    const c = client({ maxRetries: 10, breaker: { failureThreshold: 3 } });
    await expect(c.complete(ask)).rejects.toMatchObject({
      reason: 'circuit-open',
    });
    expect(server.requests).toHaveLength(3);
  });

  it('re-opens from half-open when the trial call fails', async () => {
    server.fallback({ kind: 'status', status: 502 });
    const c = client({
      maxRetries: 0,
      breaker: { failureThreshold: 2, resetTimeoutMs: 200 },
    });
    await expect(c.complete(ask)).rejects.toBeInstanceOf(LlmUnavailableError);
    await expect(c.complete(ask)).rejects.toBeInstanceOf(LlmUnavailableError);
    await new Promise(r => setTimeout(r, 250));
    expect(c.circuitState()).toBe('halfOpen');
    await expect(c.complete(ask)).rejects.toMatchObject({
      reason: 'provider-error',
    });
    expect(c.circuitState()).toBe('open');
    expect(server.requests).toHaveLength(3);
  });
});

describe('OpenAiCompatibleClient request errors', () => {
  it('does not open the circuit on 401, and never shows the API key in errors or logs', async () => {
    const { logger, lines } = captureLogger();
    // Real providers echo part of the key back; the client must scrub it.
    server.fallback({
      kind: 'status',
      status: 401,
      message: `Incorrect API key provided: ${API_KEY}.`,
    });
    const c = client({ logger, maxRetries: 3 });
    const errors: unknown[] = [];
    for (let i = 0; i < 5; i++)
      errors.push(await c.complete(ask).catch(e => e));

    expect(server.requests).toHaveLength(5); // not retried, not short-circuited
    expect(c.circuitState()).toBe('closed');
    for (const e of errors) {
      expect(e).toBeInstanceOf(LlmRequestError);
      expect((e as LlmRequestError).status).toBe(401);
      expect((e as Error).message).toContain('Incorrect API key provided');
      expect(`${(e as Error).message} ${(e as Error).stack}`).not.toContain(
        API_KEY,
      );
    }
    expect(lines.join('\n')).not.toContain(API_KEY);
    expect(lines).toHaveLength(5);
  });

  it('surfaces 400 and 404 as request errors with the provider message, not as outages', async () => {
    server.script(
      {
        kind: 'status',
        status: 400,
        message: "Unsupported parameter: 'max_tokens'",
      },
      {
        kind: 'status',
        status: 404,
        message: 'The model `nope` does not exist',
      },
    );
    const c = client({ breaker: { failureThreshold: 1 } });
    await expect(c.complete(ask)).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("Unsupported parameter: 'max_tokens'"),
    });
    await expect(c.complete(ask)).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining('does not exist'),
    });
    expect(c.circuitState()).toBe('closed');
  });
});

describe('OpenAiCompatibleClient rate limiting', () => {
  it('keeps 50 concurrent calls within requestsPerMinute in every window, as seen by the server', async () => {
    const windowMs = 1000;
    const c = client({
      rateLimit: { requestsPerMinute: 10, windowMs, maxConcurrent: 10 },
    });
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        c.complete({ ...ask, timeoutMs: 30_000 }),
      ),
    );

    expect(results.every(r => r.data === 'ok')).toBe(true);
    expect(server.requests).toHaveLength(50);
    expect(
      maxInAnyWindow(
        server.requests.map(r => r.at),
        windowMs,
      ),
    ).toBeLessThanOrEqual(10);
  }, 30_000);

  it('fails a call that would wait in the limiter past its deadline, without sending it', async () => {
    const c = client({ rateLimit: { requestsPerMinute: 1, windowMs: 10_000 } });
    await c.complete(ask);
    const started = Date.now();
    await expect(c.complete({ ...ask, timeoutMs: 200 })).rejects.toBeInstanceOf(
      LlmRateLimitedError,
    );
    expect(Date.now() - started).toBeLessThan(1000);
    await new Promise(r => setTimeout(r, 100));
    expect(server.requests).toHaveLength(1);
  });
});

describe('OpenAiCompatibleClient retry hints', () => {
  it('honours Retry-After on 429 and does not count a retried 429 as an outage', async () => {
    server.script({
      kind: 'status',
      status: 429,
      headers: { 'retry-after': '1' },
    });
    const c = client({ maxRetries: 2, breaker: { failureThreshold: 1 } });
    const result = await c.complete(ask);

    expect(result.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
    expect(
      server.requests[1].at - server.requests[0].at,
    ).toBeGreaterThanOrEqual(990);
    expect(c.circuitState()).toBe('closed');
  });

  it('honours retry-after-ms and x-ratelimit-reset headers', async () => {
    server.script(
      { kind: 'status', status: 429, headers: { 'retry-after-ms': '300' } },
      {
        kind: 'status',
        status: 503,
        headers: { 'x-ratelimit-reset-requests': '0.4s' },
      },
    );
    const result = await client({ maxRetries: 3 }).complete(ask);
    expect(result.attempts).toBe(3);
    const [a, b, c] = server.requests.map(r => r.at);
    expect(b - a).toBeGreaterThanOrEqual(290);
    expect(c - b).toBeGreaterThanOrEqual(390);
  });

  it('gives up with a typed error after the last 429, which then counts against the circuit', async () => {
    server.fallback({
      kind: 'status',
      status: 429,
      headers: { 'retry-after-ms': '10' },
    });
    const c = client({ maxRetries: 2, breaker: { failureThreshold: 1 } });
    await expect(c.complete(ask)).rejects.toMatchObject({
      name: 'LlmUnavailableError',
      reason: 'rate-limited',
      status: 429,
    });
    expect(server.requests).toHaveLength(3);
    expect(c.circuitState()).toBe('open');
  });
});

describe('OpenAiCompatibleClient aborts, timeouts and network failures', () => {
  it('stops a hanging call and its retries when the caller aborts', async () => {
    server.fallback({ kind: 'hang' });
    const controller = new AbortController();
    const c = client({ maxRetries: 5 });
    setTimeout(() => controller.abort(), 150);
    await expect(
      c.complete({ ...ask, signal: controller.signal }),
    ).rejects.toBeInstanceOf(LlmAbortedError);
    await new Promise(r => setTimeout(r, 200));
    expect(server.requests).toHaveLength(1);
    expect(c.circuitState()).toBe('closed');
  });

  it('stops during a retry backoff when the caller aborts', async () => {
    server.fallback({
      kind: 'status',
      status: 500,
      headers: { 'retry-after': '5' },
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const started = Date.now();
    await expect(
      client({ maxRetries: 3 }).complete({ ...ask, signal: controller.signal }),
    ).rejects.toBeInstanceOf(LlmAbortedError);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(server.requests).toHaveLength(1);
  });

  it('times out attempts that hang past the attempt timeout and retries them', async () => {
    server.fallback({ kind: 'hang' });
    const c = client({
      attemptTimeoutMs: 150,
      maxRetries: 1,
      retryBaseDelayMs: 1,
    });
    await expect(c.complete(ask)).rejects.toMatchObject({
      name: 'LlmUnavailableError',
      reason: 'timeout',
    });
    expect(server.requests).toHaveLength(2);
  });

  it('ends at the call deadline even while the provider hangs', async () => {
    server.fallback({ kind: 'hang' });
    const started = Date.now();
    await expect(
      client({ timeoutMs: 200 }).complete(ask),
    ).rejects.toMatchObject({ reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('retries dropped connections', async () => {
    server.script({ kind: 'drop' }, { kind: 'drop' });
    const result = await client({ maxRetries: 3 }).complete(ask);
    expect(result).toMatchObject({ data: 'ok', attempts: 3 });
  });

  it('reports a provider that is not listening as unavailable', async () => {
    const c = client({ baseUrl: 'http://127.0.0.1:9/v1', maxRetries: 1 });
    await expect(c.complete(ask)).rejects.toMatchObject({
      name: 'LlmUnavailableError',
      reason: 'network',
    });
  });
});

const Summary = z.object({
  summary: z.string(),
  citations: z.array(z.string().regex(/^E\d+$/)),
});

describe('OpenAiCompatibleClient structured output', () => {
  it('sends a JSON-schema response format and returns the validated object', async () => {
    server.script({
      kind: 'answer',
      content: JSON.stringify({
        summary: 'OOM after rollout',
        citations: ['E1', 'E3'],
      }),
    });
    const result = await client().complete({
      ...ask,
      schema: Summary,
      schemaName: 'rca_summary',
    });

    expect(result.data).toEqual({
      summary: 'OOM after rollout',
      citations: ['E1', 'E3'],
    });
    const format = server.requests[0].body.response_format;
    expect(format.type).toBe('json_schema');
    expect(format.json_schema.name).toBe('rca_summary');
    expect(format.json_schema.schema.properties.citations.type).toBe('array');
    expect(format.json_schema.schema.required).toEqual([
      'summary',
      'citations',
    ]);
  });

  it('repairs a schema-invalid answer once, telling the model what was wrong', async () => {
    server.script(
      {
        kind: 'answer',
        content: JSON.stringify({
          summary: 'x',
          citations: ['evidence one'],
        }),
      },
      {
        kind: 'answer',
        content: '```json\n{"summary":"fixed","citations":["E2"]}\n```',
      },
    );
    const result = await client().complete({ ...ask, schema: Summary });
    expect(result.data).toEqual({ summary: 'fixed', citations: ['E2'] });
    expect(result.attempts).toBe(2);
    const repair = server.requests[1].body.messages;
    expect(repair).toHaveLength(3);
    expect(repair[2].content).toContain('citations.0');
  });

  it('repairs malformed JSON', async () => {
    server.script(
      { kind: 'answer', content: '{"summary": "cut off' },
      { kind: 'answer', content: '{"summary":"ok","citations":[]}' },
    );
    await expect(
      client().complete({ ...ask, schema: Summary }),
    ).resolves.toMatchObject({ data: { summary: 'ok' } });
  });
});

describe('OpenAiCompatibleClient structured output failures', () => {
  it('rejects with a typed error carrying the truncated, redacted raw text when the repair fails too', async () => {
    const long = `{"summary": 42, "note": "Bearer ${API_KEY}", "pad": "${'x'.repeat(
      5000,
    )}"}`;
    server.fallback({ kind: 'answer', content: long });
    const c = client({ breaker: { failureThreshold: 1 } });
    const error = await c.complete({ ...ask, schema: Summary }).catch(e => e);

    expect(error).toBeInstanceOf(LlmSchemaError);
    expect(error.issues.join(' ')).toContain('summary');
    expect(error.rawText.length).toBeLessThan(2100);
    expect(error.rawText).not.toContain(API_KEY);
    expect(server.requests).toHaveLength(2);
    expect(c.circuitState()).toBe('closed');
  });

  it('treats a malformed provider body as a provider failure, not a crash', async () => {
    server.script({
      kind: 'raw',
      body: '<html>bad gateway</html>',
      status: 502,
    });
    await expect(
      client({ maxRetries: 1 }).complete(ask),
    ).resolves.toMatchObject({ data: 'ok', attempts: 2 });
  });
});

describe('OpenAiCompatibleClient cache', () => {
  it('answers identical requests from the cache within the TTL', async () => {
    const store = new Map<string, unknown>();
    const cache = {
      store: {
        get: async (k: string) => store.get(k),
        set: async (k: string, v: unknown) => {
          store.set(k, v);
        },
      },
      ttlMs: 60_000,
    };
    const c = client({ cache });
    const first = await c.complete(ask);
    const second = await c.complete(ask);
    await c.complete({
      messages: [{ role: 'user', content: 'something else' }],
    });

    expect(first.cached).toBe(false);
    expect(second).toMatchObject({ cached: true, data: first.data });
    expect(server.requests).toHaveLength(2);
  });
});

describe('OpenAiCompatibleClient after every call above', () => {
  // Runs last: every failure above (aborts, deadlines, dropped jobs) must have been handled.
  it('left no unhandled promise rejection behind', async () => {
    await new Promise(r => setTimeout(r, 50));
    expect(unhandled).toEqual([]);
  });
});

describe('UnconfiguredLlmClient', () => {
  it('reports not configured so callers take their deterministic path', async () => {
    const c = new UnconfiguredLlmClient();
    expect(c.configured).toBe(false);
    await expect(c.complete({ messages: [] })).rejects.toBeInstanceOf(
      LlmNotConfiguredError,
    );
  });
});

import type { Config } from '@backstage/config';
import type { LlmClientOptions } from '@internal/llm-client';

/**
 * Reads `rca.llm` into client options; undefined when the block is absent. Malformed values throw
 * with the offending key named (Config's own errors), so a bad deploy fails at startup.
 */
export function readLlmClientOptions(
  config: Config,
):
  | (Omit<LlmClientOptions, 'cache' | 'logger'> & { cache?: { ttlMs: number } })
  | undefined {
  const llm = config.getOptionalConfig('rca.llm');
  if (!llm) {
    return undefined;
  }
  const baseUrl = llm.getString('baseUrl');
  try {
    // eslint-disable-next-line no-new
    new URL(baseUrl);
  } catch {
    throw new Error(
      `Invalid URL in config key 'rca.llm.baseUrl': ${JSON.stringify(baseUrl)}`,
    );
  }
  const redis = llm.getOptionalConfig('rateLimit.redis');
  const cacheEnabled = llm.getOptionalBoolean('cache.enabled') ?? false;
  const record = (key: string) => {
    const c = llm.getOptionalConfig(key);
    return c
      ? Object.fromEntries(c.keys().map(k => [k, c.getString(k)]))
      : undefined;
  };
  return {
    baseUrl,
    apiKey: llm.getOptionalString('apiKey'),
    model: llm.getString('model'),
    organization: llm.getOptionalString('organization'),
    headers: record('headers'),
    queryParams: record('queryParams'),
    timeoutMs: llm.getOptionalNumber('timeoutMs'),
    attemptTimeoutMs: llm.getOptionalNumber('attemptTimeoutMs'),
    maxRetries: llm.getOptionalNumber('maxRetries'),
    breaker: {
      failureThreshold: llm.getOptionalNumber('breaker.failureThreshold'),
      resetTimeoutMs: llm.getOptionalNumber('breaker.resetTimeoutMs'),
    },
    rateLimit: {
      requestsPerMinute: llm.getOptionalNumber('rateLimit.requestsPerMinute'),
      maxConcurrent: llm.getOptionalNumber('rateLimit.maxConcurrent'),
      redis: redis
        ? { url: redis.getString('url'), id: redis.getOptionalString('id') }
        : undefined,
    },
    cache: cacheEnabled
      ? { ttlMs: llm.getOptionalNumber('cache.ttlMs') ?? 3_600_000 }
      : undefined,
    logPrompts: llm.getOptionalBoolean('logPrompts') ?? false,
    temperature: llm.getOptionalNumber('temperature'),
    maxTokens: llm.getOptionalNumber('maxTokens'),
  };
}

import { OpenAiCompatibleClient } from './OpenAiCompatibleClient';
import {
  FakeChatCompletionsServer,
  maxInAnyWindow,
} from './testing/fakeChatCompletionsServer';
import { RedisServer } from './testing/redisServer';

// ./rca test installs redis-server; outside it, say why this is skipped rather than pass silently.
const describeWithRedis =
  RedisServer.available() || process.env.CI ? describe : describe.skip;

describeWithRedis('rate budget shared through Redis', () => {
  let redis: RedisServer;
  let server: FakeChatCompletionsServer;

  beforeAll(async () => {
    [redis, server] = await Promise.all([
      RedisServer.start(),
      FakeChatCompletionsServer.start(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([redis?.stop(), server?.stop()]);
  });

  it('two backend replicas with their own connections never exceed one budget together', async () => {
    const windowMs = 1000;
    // Each client has its own limiter and Redis connection, exactly as two backend processes would.
    const replicas = [0, 1].map(
      () =>
        new OpenAiCompatibleClient({
          baseUrl: server.baseUrl,
          model: 'shared',
          rateLimit: {
            requestsPerMinute: 5,
            windowMs,
            maxConcurrent: 5,
            redis: { url: redis.url, id: 'llm-shared-budget-test' },
          },
        }),
    );
    try {
      const calls = Array.from({ length: 16 }, (_, i) =>
        replicas[i % 2].complete({
          messages: [{ role: 'user', content: `q${i}` }],
          timeoutMs: 30_000,
        }),
      );
      await Promise.all(calls);
    } finally {
      await Promise.all(replicas.map(r => r.close()));
    }

    expect(server.requests).toHaveLength(16);
    // Alone, each replica would allow 5 per window, 10 together; shared, 5 in total.
    expect(
      maxInAnyWindow(
        server.requests.map(r => r.at),
        windowMs,
      ),
    ).toBeLessThanOrEqual(5);
  }, 30_000);
});

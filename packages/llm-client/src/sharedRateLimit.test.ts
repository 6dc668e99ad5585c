import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  FakeChatCompletionsServer,
  maxInAnyWindow,
} from './testing/fakeChatCompletionsServer';
import { RedisServer } from './__testUtils__/redisServer';

// ./rca test installs redis-server; outside it, say why this is skipped rather than pass silently.
const describeWithRedis =
  RedisServer.available() || process.env.CI ? describe : describe.skip;

/** Runs src/testing/replica.ts in its own Node process, as a second backend replica would run. */
async function replica(env: Record<string, string>) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.join(__dirname, 'testing/replica.ts'),
    ],
    { env: { ...process.env, ...env }, timeout: 60_000 },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as {
    ok: number;
    failed: string[];
  };
}

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

  it('two backend processes never exceed one budget together', async () => {
    // A window long next to process-scheduling jitter on a loaded 2-core CI machine.
    const windowMs = 4000;
    const common = {
      LLM_BASE_URL: server.baseUrl,
      REDIS_URL: redis.url,
      BUDGET_ID: 'llm-shared-budget-test',
      RPM: '4',
      WINDOW_MS: String(windowMs),
      CALLS: '5',
    };
    const results = await Promise.all([
      replica({ ...common, REPLICA: 'a' }),
      replica({ ...common, REPLICA: 'b' }),
    ]);

    expect(results).toEqual([
      { ok: 5, failed: [] },
      { ok: 5, failed: [] },
    ]);
    expect(server.requests).toHaveLength(10);
    // Both processes really sent requests...
    const senders = new Set(
      server.requests.map(
        r => String(r.body.messages[0].content).split('-')[0],
      ),
    );
    expect(senders).toEqual(new Set(['a', 'b']));
    // ...and alone each would allow 4 per window, 8 together; shared, 4 in total.
    expect(
      maxInAnyWindow(
        server.requests.map(r => r.at),
        windowMs,
      ),
    ).toBeLessThanOrEqual(4);
  }, 90_000);
});

/*
 * A stand-in for one backend replica: its own process, limiter and Redis connection. Used by
 * sharedRateLimit.test.ts; prints one JSON line with its results.
 */
import { OpenAiCompatibleClient } from '../OpenAiCompatibleClient';

async function main() {
  const env = process.env;
  const client = new OpenAiCompatibleClient({
    baseUrl: env.LLM_BASE_URL!,
    model: 'shared',
    rateLimit: {
      requestsPerMinute: Number(env.RPM),
      windowMs: Number(env.WINDOW_MS),
      maxConcurrent: 5,
      redis: { url: env.REDIS_URL!, id: env.BUDGET_ID },
    },
  });
  const calls = Number(env.CALLS);
  const results = await Promise.allSettled(
    Array.from({ length: calls }, (_, i) =>
      client.complete({
        messages: [{ role: 'user', content: `${env.REPLICA}-${i}` }],
        timeoutMs: 60_000,
      }),
    ),
  );
  await client.close();
  process.stdout.write(
    `${JSON.stringify({
      ok: results.filter(r => r.status === 'fulfilled').length,
      failed: results
        .filter(r => r.status === 'rejected')
        .map(r => String((r as PromiseRejectedResult).reason)),
    })}\n`,
  );
}

main().then(
  () => process.exit(0),
  e => {
    process.stderr.write(`${e}\n`);
    process.exit(1);
  },
);

/*
 * yarn bench:llm — per-call overhead of the resilient client (limiter + breaker + retries +
 * schema validation) over the raw `openai` SDK, both calling the same local server.
 * Calls alternate between the two so that drift (JIT, GC, the server) hits both equally.
 */
import OpenAI from 'openai';
import { z } from 'zod';
import { OpenAiCompatibleClient } from '../src/OpenAiCompatibleClient';
import { FakeChatCompletionsServer } from '../src/testing/fakeChatCompletionsServer';

const CALLS = Number(process.env.BENCH_CALLS ?? 10_000);
const WARMUP = 500;
const TARGET_MS = 0.2;

const gc = (globalThis as any).gc as (() => void) | undefined;
const heapMb = () => {
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
};

type Call = () => Promise<unknown>;

/** The same structured-output call made through the raw SDK and through the resilient client. */
async function setUp() {
  const server = await FakeChatCompletionsServer.start();
  const Answer = z.object({
    summary: z.string(),
    citations: z.array(z.string()),
  });
  server.fallback({
    kind: 'answer',
    content: JSON.stringify({ summary: 'ok', citations: ['E1'] }),
  });

  const raw = new OpenAI({
    baseURL: server.baseUrl,
    apiKey: 'sk-bench',
    maxRetries: 0,
  });
  const client = new OpenAiCompatibleClient({
    baseUrl: server.baseUrl,
    apiKey: 'sk-bench',
    model: 'bench',
    rateLimit: { requestsPerMinute: 1e9, maxConcurrent: 1000 },
  });
  const messages = [{ role: 'user' as const, content: 'summarise' }];
  const jsonSchema = z.toJSONSchema(Answer, { target: 'draft-7' }) as Record<
    string,
    unknown
  >;

  const rawCall: Call = async () => {
    const r = await raw.chat.completions.create({
      model: 'bench',
      messages,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'answer', schema: jsonSchema },
      },
    });
    return Answer.parse(JSON.parse(r.choices[0].message.content ?? ''));
  };
  const clientCall: Call = () => client.complete({ messages, schema: Answer });
  return { server, client, rawCall, clientCall };
}

/** Alternates the two calls; returns their latencies and the heap before/after the timed part. */
async function measure(
  server: FakeChatCompletionsServer,
  rawCall: Call,
  clientCall: Call,
) {
  const rawMs: number[] = [];
  const clientMs: number[] = [];
  let heapStart = 0;
  for (let i = 0; i < WARMUP + CALLS; i++) {
    if (i === WARMUP) {
      // The server keeps every request it saw; forget them so only the client can grow.
      server.requests.length = 0;
      heapStart = heapMb();
    }
    const order = i % 2 === 0 ? [rawCall, clientCall] : [clientCall, rawCall];
    for (const fn of order) {
      const t0 = performance.now();
      await fn();
      const dt = performance.now() - t0;
      if (i >= WARMUP) (fn === rawCall ? rawMs : clientMs).push(dt);
    }
    if (i % 1000 === 0) server.requests.length = 0;
  }
  server.requests.length = 0;
  const heapEnd = heapMb();
  return { rawMs, clientMs, heapStart, heapEnd };
}

function report({
  rawMs,
  clientMs,
  heapStart,
  heapEnd,
}: Awaited<ReturnType<typeof measure>>) {
  const added = median(clientMs) - median(rawMs);
  const rows = [
    ['raw openai SDK', median(rawMs), pct(rawMs, 0.99)],
    ['resilient client', median(clientMs), pct(clientMs, 0.99)],
  ];
  console.log(
    `\nLLM client overhead, ${CALLS} calls each, structured output, local server\n`,
  );
  console.log('| path | median ms | p99 ms |');
  console.log('| --- | ---: | ---: |');
  for (const [name, med, p99] of rows) {
    console.log(
      `| ${name} | ${(med as number).toFixed(3)} | ${(p99 as number).toFixed(
        3,
      )} |`,
    );
  }
  console.log('\n| figure | measured | target | ok |');
  console.log('| --- | ---: | ---: | :---: |');
  console.log(
    `| median added latency per call | ${added.toFixed(
      3,
    )} ms | ≤ ${TARGET_MS} ms | ${added <= TARGET_MS ? 'yes' : 'NO'} |`,
  );
  const growth = heapEnd - heapStart;
  console.log(
    `| heap growth over the run${
      gc ? '' : ' (no --expose-gc: indicative)'
    } | ${growth.toFixed(1)} MB | ≈ 0 (< 5 MB) | ${
      growth < 5 ? 'yes' : 'NO'
    } |`,
  );
}

async function main() {
  const { server, client, rawCall, clientCall } = await setUp();
  const measured = await measure(server, rawCall, clientCall);
  await client.close();
  await server.stop();
  report(measured);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});

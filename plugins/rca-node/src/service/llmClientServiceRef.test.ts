import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { LlmClient } from '@internal/llm-client';
import { llmClientServiceRef } from './llmClientServiceRef';

/** Two plugins asking for the client, as the scaffolder module and the rca backend will. */
function consumers(seen: LlmClient[]) {
  return ['first', 'second'].map(pluginId =>
    createBackendPlugin({
      pluginId,
      register(env) {
        env.registerInit({
          deps: { llm: llmClientServiceRef, logger: coreServices.logger },
          async init({ llm }) {
            seen.push(llm);
          },
        });
      },
    }),
  );
}

/** An OpenAI-compatible server answering "hello" to every request, recording each in `hits`. */
async function startFakeCompletions(hits: string[]) {
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url} ${req.headers.authorization}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: 'x',
        object: 'chat.completion',
        created: 0,
        model: 'local-model',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'hello' },
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      }),
    );
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { server, port };
}

describe('llmClientServiceRef', () => {
  it('exists without rca.llm and reports "not configured", so callers fall back', async () => {
    const seen: LlmClient[] = [];
    const backend = await startTestBackend({ features: consumers(seen) });
    try {
      expect(seen).toHaveLength(2);
      expect(seen[0].configured).toBe(false);
      await expect(seen[0].complete({ messages: [] })).rejects.toThrow(
        'No LLM is configured',
      );
    } finally {
      await backend.stop();
    }
  });

  it('gives every plugin the same configured client, talking to the configured base URL', async () => {
    const hits: string[] = [];
    const { server, port } = await startFakeCompletions(hits);

    const seen: LlmClient[] = [];
    const backend = await startTestBackend({
      features: [
        ...consumers(seen),
        mockServices.rootConfig.factory({
          data: {
            rca: {
              llm: {
                baseUrl: `http://127.0.0.1:${port}/v1`,
                apiKey: 'sk-local-abcdefgh12345',
                model: 'local-model',
                rateLimit: { requestsPerMinute: 600 },
              },
            },
          },
        }),
      ],
    });
    try {
      expect(seen[0]).toBe(seen[1]);
      expect(seen[0].configured).toBe(true);
      await expect(
        seen[1].complete({ messages: [{ role: 'user', content: 'hi' }] }),
      ).resolves.toMatchObject({ data: 'hello', usage: { totalTokens: 2 } });
      expect(hits).toEqual([
        'POST /v1/chat/completions Bearer sk-local-abcdefgh12345',
      ]);
    } finally {
      await backend.stop();
      server.close();
    }
  });

  it('refuses a malformed base URL at startup, naming the key', async () => {
    await expect(
      startTestBackend({
        features: [
          ...consumers([]),
          mockServices.rootConfig.factory({
            data: { rca: { llm: { baseUrl: 'not a url', model: 'm' } } },
          }),
        ],
      }),
    ).rejects.toThrow(/rca\.llm\.baseUrl/);
  });
});

import { SECRET_PATTERNS } from '@internal/redaction';
import { z } from 'zod';
import { OpenAiCompatibleClient } from './OpenAiCompatibleClient';
import { LlmRequestError, LlmSchemaError, LlmUnavailableError } from './errors';
import { FakeChatCompletionsServer } from './testing/fakeChatCompletionsServer';

const ask = {
  messages: [{ role: 'user' as const, content: 'why is payments down?' }],
};

// Every pattern of the shared catalog, echoed back by a real (local) OpenAI-compatible server:
// whatever it says ends up in the client's error, and the secret must not.
describe('LLM errors carry no secret the provider echoes back', () => {
  let server: FakeChatCompletionsServer;
  let client: OpenAiCompatibleClient;

  beforeAll(async () => {
    server = await FakeChatCompletionsServer.start();
  });
  beforeEach(() => {
    client = new OpenAiCompatibleClient({
      baseUrl: server.baseUrl,
      apiKey: 'not-a-catalog-secret',
      model: 'test-model',
      maxRetries: 0,
      // Every case fails on purpose: the circuit must not open between them.
      breaker: { failureThreshold: 1000 },
    });
  });
  afterEach(async () => {
    await client.close();
    server.reset();
  });
  afterAll(() => server.stop());

  const everything = (e: Error) =>
    [e.message, e.stack, JSON.stringify(e), String(e)].join('\n');

  describe.each(SECRET_PATTERNS.map(p => [p.name, p] as const))(
    '%s',
    (name, { example }) => {
      const echo = `upstream says (case ${name}): ${example.text}`;

      it.each([
        [400, LlmRequestError],
        [500, LlmUnavailableError],
      ])('in the error of a %i answer', async (status, type) => {
        server.fallback({ kind: 'status', status, message: echo });
        const error = await client.complete(ask).catch(e => e);
        expect(error).toBeInstanceOf(type);
        expect(error.message).toContain(`(case ${name})`);
        expect(everything(error)).not.toContain(example.secret);
      });

      it('in the raw text of an answer that never matches the schema', async () => {
        server.fallback({ kind: 'answer', content: `{"note": "${echo}"}` });
        const error = await client
          .complete({ ...ask, schema: z.object({ summary: z.string() }) })
          .catch(e => e);
        expect(error).toBeInstanceOf(LlmSchemaError);
        expect(error.rawText).toContain(`(case ${name})`);
        expect(`${error.rawText}\n${everything(error)}`).not.toContain(
          example.secret,
        );
      });
    },
  );
});

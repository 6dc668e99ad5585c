import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake provider does with one request. */
export type Behaviour =
  | {
      kind: 'answer';
      content: string | ((body: any) => string);
      usage?: { prompt: number; completion: number };
    }
  | {
      kind: 'status';
      status: number;
      message?: string;
      headers?: Record<string, string>;
    }
  | { kind: 'hang' }
  | { kind: 'drop' }
  | { kind: 'raw'; status?: number; body: string };

export interface ReceivedRequest {
  at: number;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/**
 * A local server speaking the Chat Completions wire protocol (`POST /v1/chat/completions`), scripted
 * per request, so the real `openai` SDK can be driven through every failure mode.
 */
export class FakeChatCompletionsServer {
  readonly requests: ReceivedRequest[] = [];
  #script: Behaviour[] = [];
  #fallback: Behaviour = { kind: 'answer', content: 'ok' };
  #server = http.createServer((req, res) => this.#handle(req, res));
  #sockets = new Set<import('node:net').Socket>();

  static async start(): Promise<FakeChatCompletionsServer> {
    const server = new FakeChatCompletionsServer();
    server.#server.on('connection', s => {
      server.#sockets.add(s);
      s.on('close', () => server.#sockets.delete(s));
    });
    await new Promise<void>(resolve =>
      server.#server.listen(0, '127.0.0.1', resolve),
    );
    return server;
  }

  get baseUrl(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/v1`;
  }

  /** Behaviours for the next requests, in order; after them, `fallback`. */
  script(...behaviours: Behaviour[]): this {
    this.#script.push(...behaviours);
    return this;
  }

  fallback(behaviour: Behaviour): this {
    this.#fallback = behaviour;
    return this;
  }

  reset(): void {
    this.requests.length = 0;
    this.#script = [];
    this.#fallback = { kind: 'answer', content: 'ok' };
  }

  async stop(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>(resolve => this.#server.close(() => resolve()));
  }

  #handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: any;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      if (
        req.method !== 'POST' ||
        req.url?.split('?')[0] !== '/v1/chat/completions'
      ) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: {
              message: `no route ${req.method} ${req.url}`,
              type: 'invalid_request_error',
            },
          }),
        );
        return;
      }
      this.requests.push({
        at: Date.now(),
        path: req.url!,
        headers: req.headers,
        body,
      });
      const behaviour = this.#script.shift() ?? this.#fallback;
      this.#respond(behaviour, body, req, res);
    });
  }

  #respond(
    b: Behaviour,
    body: any,
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) {
    switch (b.kind) {
      case 'answer': {
        const content =
          typeof b.content === 'function' ? b.content(body) : b.content;
        const usage = b.usage ?? { prompt: 12, completion: 5 };
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id: `chatcmpl-${this.requests.length}`,
            object: 'chat.completion',
            created: Math.floor(Date.now() / 1000),
            model: body?.model ?? 'unknown',
            choices: [
              {
                index: 0,
                message: { role: 'assistant', content },
                finish_reason: 'stop',
                logprobs: null,
              },
            ],
            usage: {
              prompt_tokens: usage.prompt,
              completion_tokens: usage.completion,
              total_tokens: usage.prompt + usage.completion,
            },
          }),
        );
        return;
      }
      case 'status':
        res.writeHead(b.status, {
          'content-type': 'application/json',
          ...b.headers,
        });
        res.end(
          JSON.stringify({
            error: {
              message: b.message ?? `status ${b.status}`,
              type: b.status >= 500 ? 'server_error' : 'invalid_request_error',
            },
          }),
        );
        return;
      case 'raw':
        res.writeHead(b.status ?? 200, { 'content-type': 'application/json' });
        res.end(b.body);
        return;
      case 'drop':
        req.socket.destroy();
        return;
      case 'hang':
        // Never answers; the client's deadline or abort must end it.
        return;
      default:
        throw new Error(`unknown behaviour ${JSON.stringify(b)}`);
    }
  }
}

/** The largest number of requests the server saw inside any window of `windowMs`. */
export function maxInAnyWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi] - sorted[lo] >= windowMs) lo++;
    max = Math.max(max, hi - lo + 1);
  }
  return max;
}

import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { ResponseError } from '@backstage/errors';
import { RcaClient } from './RcaClient';

interface Seen {
  method?: string;
  url?: string;
  authorization?: string;
  contentType?: string;
  body: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** A Backstage error body, as the backend's error handler writes it. */
const backstageError = (status: number, name: string, message: string) => ({
  error: { name, message },
  request: { method: 'GET', url: '/' },
  response: { statusCode: status },
});

const analysis = {
  id: 'a1',
  entityRef: 'component:default/payments',
  incidentKey: 'component:default/payments#INC-7',
  status: 'running',
  window: { from: '2026-11-23T09:00:00.000Z', to: '2026-11-23T10:00:00.000Z' },
  createdAt: '2026-11-23T10:00:01.000Z',
  updatedAt: '2026-11-23T10:00:02.000Z',
  progress: [{ at: '2026-11-23T10:00:02.000Z', step: 'start', message: 'go' }],
  links: {
    self: 'http://rca/v1/analyses/a1',
    markdown: 'http://rca/v1/analyses/a1/markdown',
  },
};

/** The rca REST API, answered by a real HTTP server; each request is recorded. */
const routes: Record<string, Handler> = {
  'POST /api/rca/v1/analyses': (_req, res) =>
    json(res, 202, {
      id: 'a1',
      status: 'queued',
      existing: false,
      links: analysis.links,
    }),
  'GET /api/rca/v1/analyses': (_req, res) =>
    json(res, 200, { items: [analysis], totalCount: 1, limit: 5, offset: 0 }),
  'GET /api/rca/v1/analyses/a%2F1': (_req, res) => json(res, 200, analysis),
  'GET /api/rca/v1/analyses/a1/markdown': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/markdown; charset=utf-8' });
    res.end('# Report a1\n');
  },
  'GET /api/rca/v1/reports/a1': (_req, res) =>
    json(res, 200, {
      id: 'a1',
      path: 'reports/rca/a1.md',
      markdown: '---\nid: a1\n---\n# a1\n',
      links: { entity: 'http://app/e', markdown: 'http://rca/m' },
    }),
  'GET /api/rca/v1/reports/a1/markdown': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/markdown; charset=utf-8' });
    res.end('---\nid: a1\n---\n# a1\n');
  },
  'GET /api/rca/v1/reports/gone': (_req, res) =>
    json(
      res,
      404,
      backstageError(404, 'NotFoundError', 'No committed report for gone'),
    ),
  'GET /api/rca/v1/analyses/slow': () => {
    // Never answers: the caller's signal has to end it.
  },
};

/** Starts the stub API before the suite's tests; `seen` is cleared before each test. */
function useRcaStub() {
  const stub = { baseUrl: '', seen: [] as Seen[] };
  let server: Server;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', chunk => {
        body += chunk;
      });
      req.on('end', () => {
        stub.seen.push({
          method: req.method,
          url: req.url,
          authorization: req.headers.authorization,
          contentType: req.headers['content-type'],
          body,
        });
        const path = req.url?.split('?')[0];
        const route = routes[`${req.method} ${path}`];
        if (route) route(req, res);
        else json(res, 404, backstageError(404, 'NotFoundError', 'no route'));
      });
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    stub.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    stub.seen = [];
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise(r => server.close(r));
  });
  const discoveryApi = {
    getBaseUrl: async (pluginId: string) => `${stub.baseUrl}/api/${pluginId}`,
  };
  return { stub, discoveryApi };
}

describe('RcaClient requests', () => {
  const { stub, discoveryApi } = useRcaStub();

  it('posts an analysis request as JSON with the caller token', async () => {
    const client = new RcaClient({ discoveryApi });
    const created = await client.createAnalysis(
      {
        entityRef: 'component:default/payments',
        window: { last: '1h' },
        incidentKey: 'INC-7',
      },
      { token: 'user-token' },
    );
    expect(created).toEqual({
      id: 'a1',
      status: 'queued',
      existing: false,
      links: analysis.links,
    });
    expect(stub.seen).toEqual([
      {
        method: 'POST',
        url: '/api/rca/v1/analyses',
        authorization: 'Bearer user-token',
        contentType: 'application/json',
        body: JSON.stringify({
          entityRef: 'component:default/payments',
          window: { last: '1h' },
          incidentKey: 'INC-7',
        }),
      },
    ]);
  });

  it('reads analyses: the list with its query, one by escaped id, its Markdown', async () => {
    const client = new RcaClient({ discoveryApi });
    const list = await client.listAnalyses({
      entityRef: 'payments',
      status: 'running',
      limit: 5,
      offset: undefined,
    });
    expect(list).toMatchObject({ totalCount: 1, items: [{ id: 'a1' }] });
    expect(await client.getAnalysis('a/1')).toEqual(analysis);
    expect(await client.getAnalysisMarkdown('a1')).toBe('# Report a1\n');
    await client.listAnalyses();
    expect(stub.seen.map(s => s.url)).toEqual([
      '/api/rca/v1/analyses?entityRef=payments&status=running&limit=5',
      '/api/rca/v1/analyses/a%2F1',
      '/api/rca/v1/analyses/a1/markdown',
      '/api/rca/v1/analyses',
    ]);
    // No token given: no Authorization header (a fetchApi may add its own); GETs send no body.
    expect(stub.seen.every(s => s.authorization === undefined)).toBe(true);
    expect(stub.seen.every(s => s.contentType === undefined)).toBe(true);
  });

  it('reads committed reports and their files', async () => {
    const client = new RcaClient({ discoveryApi });
    const report = await client.getReport('a1', { token: 't' });
    expect(report).toMatchObject({
      id: 'a1',
      path: 'reports/rca/a1.md',
      links: { entity: 'http://app/e' },
    });
    expect(await client.getReportMarkdown('a1')).toBe(
      '---\nid: a1\n---\n# a1\n',
    );
    expect(stub.seen.map(s => [s.url, s.authorization])).toEqual([
      ['/api/rca/v1/reports/a1', 'Bearer t'],
      ['/api/rca/v1/reports/a1/markdown', undefined],
    ]);
  });
});

describe('RcaClient errors and transport', () => {
  const { stub, discoveryApi } = useRcaStub();

  it('throws a ResponseError carrying the backend error', async () => {
    const client = new RcaClient({ discoveryApi });
    const error = await client.getReport('gone').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error).toMatchObject({
      statusCode: 404,
      body: {
        error: {
          name: 'NotFoundError',
          message: 'No committed report for gone',
        },
      },
      cause: { name: 'NotFoundError' },
    });
  });

  it('sends its requests through the given fetchApi', async () => {
    const calls: string[] = [];
    const client = new RcaClient({
      discoveryApi,
      fetchApi: {
        fetch: async (input, init) => {
          calls.push(String(input));
          // As the frontend's fetchApi does: the signed-in user's token is added here.
          return fetch(input, {
            ...init,
            headers: {
              ...init?.headers,
              authorization: 'Bearer from-fetch-api',
            },
          });
        },
      },
    });
    await client.getAnalysis('a/1');
    expect(calls).toEqual([`${stub.baseUrl}/api/rca/v1/analyses/a%2F1`]);
    expect(stub.seen[0].authorization).toBe('Bearer from-fetch-api');
  });

  it('stops waiting when the caller aborts', async () => {
    const client = new RcaClient({ discoveryApi });
    const abort = new AbortController();
    const pending = client.getAnalysis('slow', { signal: abort.signal });
    abort.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});

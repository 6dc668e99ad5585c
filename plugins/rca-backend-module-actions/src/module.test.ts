import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  demoStandIn,
  signInWhenReady,
  startMcpBackend,
} from './__testUtils__/startMcpBackend';

/** The real MCP client over Streamable HTTP, signed in with a user's Backstage token. */
async function mcpClient(url: string, token: string) {
  const client = new Client({ name: 'rca-actions-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${url}/api/mcp-actions/v1`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

const textOf = (result: Record<string, unknown>) =>
  (result.content as Array<{ type: string; text: string }>)
    .map(c => c.text)
    .join('\n');

// One backend and two signed-in MCP clients serve every describe below.
const standIn = demoStandIn();
let backend: Awaited<ReturnType<typeof startMcpBackend>>;
let pat: Client;
let bob: Client;

beforeAll(async () => {
  await standIn.start();
  backend = await startMcpBackend(standIn);
  pat = await mcpClient(
    backend.url,
    await signInWhenReady(backend.url, 'user:default/pat'),
  );
  bob = await mcpClient(
    backend.url,
    await signInWhenReady(backend.url, 'user:default/bob'),
  );
}, 120_000);

afterAll(async () => {
  await pat?.close();
  await bob?.close();
  await backend?.stop();
  await standIn.stop();
});

/** The owner's completed analysis can be read back and is listed. */
async function expectOwnerCanReadBackAndList(output: any) {
  const again = await pat.callTool({
    name: 'rca.get-analysis',
    arguments: { id: output.id },
  });
  expect(again.structuredContent).toMatchObject({
    id: output.id,
    status: 'completed',
    rootCause: output.rootCause,
  });

  const list = await pat.callTool({
    name: 'rca.list-incidents',
    arguments: { entityRef: 'payments', limit: 5 },
  });
  expect(list.structuredContent).toMatchObject({
    items: [
      {
        id: output.id,
        status: 'completed',
        rootCause: { category: 'crashloop_missing_env_or_config' },
      },
    ],
  });
}

/** Bob's refusal is audited, and what he may not read is not listed. */
async function expectBobDenialAuditedAndUnlisted() {
  await backend.flushAudit();
  expect(backend.events).toContainEqual(
    expect.objectContaining({
      plugin: 'rca',
      event: expect.objectContaining({
        action: 'rca.namespace-read',
        outcome: 'failure',
      }),
      actor: expect.objectContaining({ ref: 'user:default/bob' }),
      meta: expect.objectContaining({
        decision: 'DENY',
        namespace: 'payments-prod',
      }),
    }),
  );

  // what bob may not read is not listed either
  const list = await bob.callTool({
    name: 'rca.list-incidents',
    arguments: {},
  });
  expect(list.structuredContent).toMatchObject({ items: [] });
}

describe('rca actions through the MCP actions backend: tools', () => {
  it('lists the three tools with their schemas', async () => {
    const { tools } = await pat.listTools();
    const byName = Object.fromEntries(tools.map(t => [t.name, t]));
    expect(Object.keys(byName).sort()).toEqual([
      'rca.analyze-incident',
      'rca.get-analysis',
      'rca.list-incidents',
    ]);
    const analyze = byName['rca.analyze-incident'];
    expect(analyze.description).toMatch(/root-cause analysis/);
    expect(analyze.inputSchema).toMatchObject({
      type: 'object',
      required: ['entityRef'],
      properties: {
        entityRef: { type: 'string' },
        window: {
          type: 'object',
          properties: { last: { type: 'string' }, from: { type: 'string' } },
        },
        title: { type: 'string' },
        notes: { type: 'string' },
      },
    });
    expect(byName['rca.get-analysis'].inputSchema).toMatchObject({
      required: ['id'],
    });
    expect(byName['rca.list-incidents'].inputSchema).toMatchObject({
      properties: {
        status: { enum: ['queued', 'running', 'completed', 'failed'] },
        limit: { type: 'integer', maximum: 100 },
      },
    });
    expect(byName['rca.get-analysis'].annotations?.readOnlyHint).toBe(true);
  });
});

describe('rca actions through the MCP actions backend: namespace owner', () => {
  it('analyses the incident for a user who owns the namespace', async () => {
    const result = await pat.callTool({
      name: 'rca.analyze-incident',
      arguments: {
        entityRef: 'component:default/payments',
        window: { last: '1h' },
        title: 'Checkout errors',
      },
    });
    expect(result.isError).toBeFalsy();
    const output = result.structuredContent as any;
    expect(output).toMatchObject({
      status: 'completed',
      entityRef: 'component:default/payments',
      title: 'Checkout errors',
      existing: false,
      rootCause: { category: 'crashloop_missing_env_or_config' },
    });
    expect(output.rootCause.confidence).toBeGreaterThan(0);
    expect(output.hypotheses.length).toBeGreaterThan(0);
    expect(output.hypotheses.length).toBeLessThanOrEqual(3);
    expect(output.links.markdown).toMatch(
      new RegExp(`/api/rca/v1/analyses/${output.id}/markdown$`),
    );
    expect(output.message).toMatch(/^Root cause: /);
    expect(textOf(result)).toContain('crashloop_missing_env_or_config');

    await expectOwnerCanReadBackAndList(output);
  }, 60_000);
});

describe('rca actions through the MCP actions backend: non-owner', () => {
  it('refuses a user who does not own the namespace, with a clear, audited error', async () => {
    const result = await bob.callTool({
      name: 'rca.analyze-incident',
      arguments: {
        entityRef: 'component:default/payments',
        window: { last: '1h' },
      },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'NotAllowedError: Permission denied: you may not analyse component:default/payments (You may not see namespace payments-prod in cluster demo (kubernetes.namespace.read): it belongs to group:default/payments)',
    );

    await expectBobDenialAuditedAndUnlisted();
  }, 60_000);
});

describe('rca actions through the MCP actions backend: non-owner by id', () => {
  it("refuses bob pat's analysis by id, and counts none of it in his list", async () => {
    // pat's analysis of payments: the one the owner test made, or a new one
    const analysed = await pat.callTool({
      name: 'rca.analyze-incident',
      arguments: {
        entityRef: 'component:default/payments',
        window: { last: '1h' },
      },
    });
    expect(analysed.isError).toBeFalsy();
    const { id } = analysed.structuredContent as { id: string };

    const result = await bob.callTool({
      name: 'rca.get-analysis',
      arguments: { id },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      `NotAllowedError: Permission denied: you may not read analysis ${id} (This analysis draws on Kubernetes namespaces you may not read (kubernetes.namespace.read))`,
    );

    const list = await bob.callTool({
      name: 'rca.list-incidents',
      arguments: {},
    });
    expect(list.structuredContent).toEqual({ totalCount: 0, items: [] });
  }, 60_000);
});

import authPlugin from '@backstage/plugin-auth-backend';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { KubernetesStandIn, type KubeObject } from '@internal/k8s-standin';
import { VictoriaLogsStandIn } from '@internal/victorialogs-standin';
import namespacePolicy from '@internal/plugin-permission-backend-module-k8s-namespace-policy';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  SERVICE_TOKEN,
  startPolicyBackend,
} from './__testUtils__/startPolicyBackend';
import { kubernetesModuleNamespaceGuard } from './module';

// The matrix: 5 team groups + admins, 8 namespace families × 3 environments, 2 clusters
// (eu strict, lab not strict), a user in two groups, a user in none, and a service principal.
const GROUPS = [
  'team-a',
  'team-b',
  'payments',
  'platform-engineering',
  'data-science',
];
const BASES = [...GROUPS, 'checkout-api', 'shared-ingress', 'legacy'];
const ENVS = ['prod', 'staging', 'dev'];
const CLUSTERS = ['eu', 'lab'];
const NAMESPACES = BASES.flatMap(b => ENVS.map(e => `${b}-${e}`));
const USERS: Record<string, string[]> = {
  alice: ['team-a'],
  bob: ['team-b'],
  pat: ['payments'],
  paula: ['platform-engineering'],
  dana: ['data-science'],
  multi: ['team-a', 'payments'],
  nobody: [],
  root: ['sre-admins'],
};

// Writers: a configured write group, whose member also owns the payments namespaces.
const WRITERS: Record<string, string[]> = { ola: ['oncall', 'payments'] };

// The expected owners, written out by hand rather than computed by the code under test.
const OWNERS: Record<string, string[]> = {
  'team-a': ['team-a'],
  'team-b': ['team-b'],
  payments: ['payments'],
  'platform-engineering': ['platform-engineering'],
  'data-science': ['data-science'],
  'checkout-api': ['payments'], // override
  'shared-ingress': ['platform-engineering', 'team-b'], // override, two owners
  legacy: [], // no such group: unmapped
};
/** The README's "why was this user denied?" query. */
const WHY_DENIED_QUERY =
  '_time:24h actor.ref:="user:default/jane" meta.permission:="kubernetes.namespace.read" meta.decision:="DENY" | stats by (meta.cluster, meta.namespace) count() as denials';

function expected(user: string, cluster: string, ns: string): boolean {
  if (user === 'root') return true;
  const owners = OWNERS[ns.replace(/-(prod|staging|dev)$/, '')];
  if (!owners.length) return cluster === 'lab';
  return owners.some(g => USERS[user].includes(g));
}

function scenario() {
  const objects: KubeObject[] = [];
  for (const ns of NAMESPACES) {
    const app = ns.replace(/-(prod|staging|dev)$/, '');
    objects.push(
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns },
      } as KubeObject,
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `${app}-7d9f-x1`,
          namespace: ns,
          labels: { 'backstage.io/kubernetes-id': app },
        },
        spec: { containers: [{ name: 'app', image: `${app}:1` }] },
        status: { phase: 'Running' },
      } as KubeObject,
    );
  }
  // A workload spread over namespaces of three owners, for an entity without a namespace annotation.
  for (const ns of ['team-a-dev', 'payments-dev', 'legacy-dev'])
    objects.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `wanderer-${ns}`,
        namespace: ns,
        labels: { 'backstage.io/kubernetes-id': 'wanderer' },
      },
      spec: { containers: [{ name: 'app', image: 'wanderer:1' }] },
      status: { phase: 'Running' },
    } as KubeObject);
  return {
    clusters: Object.fromEntries(
      CLUSTERS.map(c => [c, { token: `sa-${c}`, objects }]),
    ),
  };
}

function catalogYaml(): string {
  const docs: object[] = [
    ...[...GROUPS, 'sre-admins', 'oncall'].map(g => ({
      kind: 'Group',
      metadata: { name: g },
      spec: { type: 'team', children: [] },
    })),
    ...Object.entries({ ...USERS, ...WRITERS }).map(([u, groups]) => ({
      kind: 'User',
      metadata: { name: u },
      spec: { memberOf: groups },
    })),
    ...BASES.map(b => ({
      kind: 'Component',
      metadata: {
        name: `${b}-svc`,
        annotations: {
          'backstage.io/kubernetes-id': b,
          'backstage.io/kubernetes-namespace': `${b}-prod`,
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:default/sre-admins',
      },
    })),
    {
      kind: 'Component',
      metadata: {
        name: 'wanderer',
        annotations: { 'backstage.io/kubernetes-id': 'wanderer' },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:default/sre-admins',
      },
    },
  ];
  return docs
    .map(d => JSON.stringify({ apiVersion: 'backstage.io/v1alpha1', ...d }))
    .join('\n---\n');
}

/** Raw HTTP with any headers, for a websocket upgrade (fetch refuses `connection` and `upgrade`). */
function rawRequest(
  url: string,
  o: { method: string; path: string; headers: Record<string, string> },
) {
  return new Promise<{ status: number; body: string }>((done, fail) => {
    const u = new URL(url);
    const req = http.request({ host: u.hostname, port: u.port, ...o }, res => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', c => (body += c));
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
    });
    req.on('upgrade', () =>
      fail(new Error('upgraded: the guard let it through')),
    );
    req.on('error', fail);
    req.end();
  });
}

/** Raw HTTP, so paths with dot segments reach the backend as written (fetch would resolve them). */
function rawGet(url: string, path: string, headers: Record<string, string>) {
  return new Promise<number>((done, fail) => {
    const u = new URL(url);
    http
      .get({ host: u.hostname, port: u.port, path, headers }, res => {
        res.resume();
        done(res.statusCode ?? 0);
      })
      .on('error', fail);
  });
}

// One backend and one stand-in for the whole file: the describe blocks below share them (and their
// audit trail), in declaration order.
const standIn = new KubernetesStandIn(scenario() as never);
let backend: Awaited<ReturnType<typeof startPolicyBackend>>;

beforeAll(async () => {
  await standIn.start();
  const dir = mkdtempSync(join(tmpdir(), 'ns-policy-'));
  writeFileSync(join(dir, 'catalog.yaml'), catalogYaml());
  backend = await startPolicyBackend({
    config: {
      catalog: {
        rules: [{ allow: ['Component', 'User', 'Group', 'Location'] }],
        locations: [{ type: 'file', target: join(dir, 'catalog.yaml') }],
      },
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: CLUSTERS.map(c => ({
              name: c,
              url: standIn.clusterUrl(c),
              authProvider: 'serviceAccount',
              serviceAccountToken: `sa-${c}`,
              skipTLSVerify: true,
              skipMetricsLookup: true,
            })),
          },
        ],
      },
      permission: {
        k8sNamespacePolicy: {
          environments: ['prod', 'staging', 'dev', 'test'],
          strict: true,
          adminGroups: ['group:default/sre-admins'],
          writeGroups: ['oncall'],
          overrides: ENVS.flatMap(e => [
            { namespace: `checkout-api-${e}`, owners: ['payments'] },
            {
              namespace: `shared-ingress-${e}`,
              owners: ['group:default/platform-engineering', 'team-b'],
            },
          ]),
          clusters: { lab: { strict: false } },
        },
      },
    },
    features: [
      authPlugin,
      catalogPlugin,
      permissionPlugin,
      namespacePolicy,
      kubernetesPlugin,
      kubernetesModuleNamespaceGuard,
    ],
  });
  await backend.signInWhenReady('user:default/root');
  await backend.signInWhenReady('user:default/nobody');
}, 120_000);

afterAll(async () => {
  await backend?.stop();
  await standIn.stop();
});

const proxy = async (token: string, cluster: string, path: string) =>
  fetch(`${backend.url}/api/kubernetes/proxy${path}`, {
    headers: {
      authorization: `Bearer ${token}`,
      'backstage-kubernetes-cluster': cluster,
    },
  });

type MatrixCase = { user: string; cluster: string; ns: string };

/** Asks the proxy for every case, 16 at a time; returns the answers the matrix does not expect. */
async function probeMatrix(cases: MatrixCase[]): Promise<string[]> {
  const wrong: string[] = [];
  const { signIn } = backend;
  for (let i = 0; i < cases.length; i += 16) {
    await Promise.all(
      cases.slice(i, i + 16).map(async ({ user, cluster, ns }) => {
        const token = await signIn(`user:default/${user}`);
        const res = await proxy(
          token,
          cluster,
          `/api/v1/namespaces/${ns}/pods?probe=${user}`,
        );
        await res.arrayBuffer();
        const want = expected(user, cluster, ns) ? 200 : 403;
        if (res.status !== want)
          wrong.push(
            `${user} ${cluster}/${ns}: ${res.status}, expected ${want}`,
          );
      }),
    );
  }
  return wrong;
}

/** The stand-in saw exactly the allowed requests: nothing for a namespace the caller may not see. */
function expectOnlyAllowedForwarded(cases: MatrixCase[]) {
  const seen = standIn.requests
    .map(r =>
      /^GET \/clusters\/([^/]+)\/api\/v1\/namespaces\/([^/]+)\/pods\?probe=(\w+)$/.exec(
        r,
      ),
    )
    .filter((m): m is RegExpExecArray => !!m)
    .map(([, c, ns, user]) => `${user} ${c}/${ns}`);
  const allowed = cases
    .filter(c => expected(c.user, c.cluster, c.ns))
    .map(c => `${c.user} ${c.cluster}/${c.ns}`);
  expect(seen.sort()).toEqual(allowed.sort());
  expect(allowed.length).toBeGreaterThan(0);
  expect(allowed.length).toBeLessThan(cases.length);
}

/** Every denial is in the audit trail with actor, permission, cluster and namespace. */
async function expectDenialsAudited(cases: MatrixCase[]) {
  await backend.flush();
  const denials = new Set(
    backend.events
      .filter(
        e =>
          e.event.action === 'kubernetes.namespace-read' &&
          e.event.outcome === 'failure',
      )
      .map(e => {
        expect(e.meta).toMatchObject({
          permission: 'kubernetes.namespace.read',
          decision: 'DENY',
          via: 'proxy',
        });
        return `${e.actor.ref?.replace('user:default/', '')} ${
          e.meta!.cluster
        }/${e.meta!.namespace}`;
      }),
  );
  const deniedCases = cases
    .filter(c => !expected(c.user, c.cluster, c.ns))
    .map(c => `${c.user} ${c.cluster}/${c.ns}`);
  expect(deniedCases.filter(d => !denials.has(d))).toEqual([]);
}

/** lab is not strict: legacy-* (no owning group) is open, and each first access is a warning. */
function expectLabWarnings() {
  const warnings = backend.events.filter(e => e.meta?.warning);
  expect(
    warnings.map(e => `${e.actor.ref} ${e.meta!.cluster}/${e.meta!.namespace}`),
  ).toContain('user:default/nobody lab/legacy-prod');
  expect(
    warnings.every(
      e =>
        e.meta!.cluster === 'lab' &&
        String(e.meta!.namespace).startsWith('legacy-'),
    ),
  ).toBe(true);
}

describe('namespace policy through the real Kubernetes plugin', () => {
  it('decides every user × cluster × namespace as the matrix says, and forwards only what it allows', async () => {
    standIn.requests.length = 0;
    const cases = Object.keys(USERS).flatMap(user =>
      CLUSTERS.flatMap(cluster =>
        NAMESPACES.map(ns => ({ user, cluster, ns })),
      ),
    );
    expect(cases.length).toBe(8 * 2 * 24);
    const wrong = await probeMatrix(cases);
    expect(wrong).toEqual([]);
    expectOnlyAllowedForwarded(cases);
    await expectDenialsAudited(cases);
    expectLabWarnings();
  }, 180_000);

  it('answers the README question "why was this user denied?" from VictoriaLogs', async () => {
    await backend.flush();
    const vl = new VictoriaLogsStandIn();
    await vl.start();
    try {
      const insert = await fetch(
        `${vl.url}/insert/jsonline?_msg_field=_msg&_time_field=_time&_stream_fields=plugin`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/stream+json' },
          body: backend.events.map(e => JSON.stringify(e)).join('\n'),
        },
      );
      expect(insert.status).toBe(200);
      const readme = readFileSync(
        resolve(__dirname, '../../../README.md'),
        'utf8',
      );
      expect(readme).toContain(WHY_DENIED_QUERY);
      // A `| stats` query, as VictoriaLogs serves it on /select/logsql/stats_query.
      const res = await fetch(
        `${vl.url}/select/logsql/stats_query?query=${encodeURIComponent(
          WHY_DENIED_QUERY.replace('user:default/jane', 'user:default/alice'),
        )}&time=${new Date().toISOString()}`,
      );
      const result: Array<{
        metric: Record<string, string>;
        value: [number, string];
      }> = (await res.json()).data.result;
      const denied = result
        .map(r => `${r.metric['meta.cluster']}/${r.metric['meta.namespace']}`)
        .sort();
      const want = CLUSTERS.flatMap(c =>
        NAMESPACES.filter(ns => !expected('alice', c, ns)).map(
          ns => `${c}/${ns}`,
        ),
      ).sort();
      expect(denied).toEqual(want);
      expect(result.every(r => Number(r.value[1]) >= 1)).toBe(true);
    } finally {
      await vl.stop();
    }
  });
});

describe('namespace policy through the real Kubernetes plugin: denials and cluster-scoped objects', () => {
  it('explains a denial and repeats it from the decision cache, audited each time', async () => {
    const token = await backend.signIn('user:default/alice');
    for (let i = 0; i < 2; i++) {
      const res = await proxy(
        token,
        'eu',
        '/api/v1/namespaces/payments-prod/pods',
      );
      expect(res.status).toBe(403);
      expect((await res.json()).error.message).toBe(
        'You may not see namespace payments-prod in cluster eu (kubernetes.namespace.read): it belongs to group:default/payments',
      );
    }
    const strictDenial = await proxy(
      token,
      'eu',
      '/api/v1/namespaces/legacy-dev/pods',
    );
    expect((await strictDenial.json()).error.message).toMatch(
      /no owning group is known for it \(group:default\/legacy is not in the catalog\) and the policy is strict/,
    );
    await backend.flush();
    const repeated = backend.events.filter(
      e =>
        e.actor.ref === 'user:default/alice' &&
        e.meta?.namespace === 'payments-prod' &&
        e.meta?.cluster === 'eu',
    );
    expect(repeated.length).toBeGreaterThanOrEqual(3); // the matrix request and these two
  });

  it('lets the service principal through (Backstage trusts services) and keeps cluster-scoped objects for admins', async () => {
    for (const cluster of CLUSTERS)
      for (const ns of NAMESPACES) {
        const res = await proxy(
          SERVICE_TOKEN,
          cluster,
          `/api/v1/namespaces/${ns}/pods`,
        );
        expect(res.status).toBe(200);
      }
    const root = await backend.signIn('user:default/root');
    const alice = await backend.signIn('user:default/alice');
    expect((await proxy(root, 'eu', '/api/v1/nodes')).status).toBe(200);
    expect((await proxy(SERVICE_TOKEN, 'eu', '/api/v1/nodes')).status).toBe(
      200,
    );
    const nodes = await proxy(alice, 'eu', '/api/v1/nodes');
    expect(nodes.status).toBe(403);
    expect((await nodes.json()).error.message).toMatch(
      /cluster-scoped objects of cluster eu .*only the policy admin groups/,
    );
    expect((await proxy(alice, 'eu', '/api/v1/pods')).status).toBe(403); // every namespace at once
    expect((await proxy(alice, 'eu', '/api/v1/namespaces')).status).toBe(403);
    expect(
      (await proxy(alice, 'eu', '/api/v1/watch/namespaces/payments-prod/pods'))
        .status,
    ).toBe(403);
    expect(
      (
        await proxy(
          alice,
          'eu',
          '/apis/apps/v1/namespaces/payments-prod/deployments',
        )
      ).status,
    ).toBe(403);
    expect(
      (await proxy(alice, 'eu', '/api/v1/namespaces/team-a-prod')).status,
    ).toBe(200);
    // Discovery carries no workload data and is forwarded.
    expect((await proxy(alice, 'eu', '/api/v1')).status).not.toBe(403);
  });
});

const POD = '/api/v1/namespaces/payments-prod/pods/payments-7d9f-x1';
const DEPLOYMENT =
  '/apis/apps/v1/namespaces/payments-prod/deployments/payments';
const WRITES: Array<{
  name: string;
  method: string;
  path: string;
  body?: object;
  namespace: string;
}> = [
  {
    name: 'delete pod',
    method: 'DELETE',
    path: POD,
    namespace: 'payments-prod',
  },
  {
    name: 'scale to 0',
    method: 'PATCH',
    path: DEPLOYMENT,
    body: { spec: { replicas: 0 } },
    namespace: 'payments-prod',
  },
  {
    name: 'exec',
    method: 'POST',
    path: `${POD}/exec`,
    namespace: 'payments-prod',
  },
  {
    name: 'exec by GET',
    method: 'GET',
    path: `${POD}/exec`,
    namespace: 'payments-prod',
  },
  {
    name: 'create secret',
    method: 'POST',
    path: '/api/v1/namespaces/payments-prod/secrets',
    body: { metadata: { name: 'stolen' }, stringData: { k: 'v' } },
    namespace: 'payments-prod',
  },
  {
    name: 'replace deployment',
    method: 'PUT',
    path: DEPLOYMENT,
    body: { metadata: { name: 'payments' } },
    namespace: 'payments-prod',
  },
  {
    name: 'delete node',
    method: 'DELETE',
    path: '/api/v1/nodes/node-1',
    namespace: '',
  },
];
// pat owns payments-prod, alice does not, root is an admin, ola is in the oncall write group
// and owns payments-prod (but not team-a-prod).
const MAY_WRITE: Record<string, (ns: string) => boolean> = {
  pat: () => false,
  alice: () => false,
  root: () => true,
  ola: ns => ns === 'payments-prod',
};

const send = async (
  user: string,
  w: (typeof WRITES)[number],
  probe: string,
) => {
  const token = await backend.signIn(`user:default/${user}`);
  const res = await fetch(
    `${backend.url}/api/kubernetes/proxy${w.path}?probe=${probe}`,
    {
      method: w.method,
      headers: {
        authorization: `Bearer ${token}`,
        'backstage-kubernetes-cluster': 'eu',
        ...(w.body ? { 'content-type': 'application/merge-patch+json' } : {}),
      },
      body: w.body ? JSON.stringify(w.body) : undefined,
    },
  );
  return { status: res.status, body: await res.json() };
};

/**
 * Sends every write as every user of MAY_WRITE; returns the answers that were not as expected,
 * the requests the stand-in should have seen, and the refusals the audit trail should hold.
 */
async function sendEveryWrite() {
  const wrong: string[] = [];
  const forwarded: string[] = [];
  const refused: string[] = [];
  for (const user of Object.keys(MAY_WRITE))
    for (const [i, w] of WRITES.entries()) {
      const probe = `${user}-${i}`;
      const { status, body } = await send(user, w, probe);
      const allowed = MAY_WRITE[user](w.namespace);
      // A forwarded write gets the stand-in's own answer: read-only (405), or no exec (404).
      const forwardedStatus = w.method === 'GET' ? 404 : 405;
      const want = allowed ? forwardedStatus : 403;
      const where = w.namespace
        ? `in namespace ${w.namespace} of cluster eu`
        : 'cluster-scoped objects of cluster eu';
      const write = w.path.endsWith('/exec') ? `${w.method} exec` : w.method;
      const denial = `You may not ${write} ${where} through the Kubernetes proxy (kubernetes.namespace.write)`;
      if (
        status !== want ||
        (!allowed && !body.error?.message?.startsWith(denial))
      )
        wrong.push(`${user} ${w.name}: ${status} ${JSON.stringify(body)}`);
      if (allowed)
        forwarded.push(`${w.method} /clusters/eu${w.path}?probe=${probe}`);
      else refused.push(`${user} eu/${w.namespace} ${w.method}`);
    }
  return { wrong, forwarded, refused };
}

describe('namespace policy through the real Kubernetes plugin writes through the proxy', () => {
  it('forwards a write only for admins and write groups where they may read, and audits every refusal', async () => {
    await backend.signInWhenReady('user:default/ola');
    standIn.requests.length = 0;
    const { wrong, forwarded, refused } = await sendEveryWrite();
    expect(wrong).toEqual([]);
    // The stand-in saw exactly the allowed writes, nothing of the refused ones.
    expect(standIn.requests.sort()).toEqual(forwarded.sort());
    expect(forwarded.length).toBe(WRITES.length * 2 - 1);

    await backend.flush();
    const audited = backend.events
      .filter(
        e =>
          e.event.action === 'kubernetes.namespace-write' &&
          e.event.outcome === 'failure',
      )
      .map(e => {
        expect(e.meta).toMatchObject({
          permission: 'kubernetes.namespace.write',
          decision: 'DENY',
          via: 'proxy',
        });
        return `${e.actor.ref?.replace('user:default/', '')} ${
          e.meta!.cluster
        }/${e.meta!.namespace} ${e.meta!.method}`;
      });
    expect(audited.sort()).toEqual(refused.sort());
  }, 60_000);

  it('refuses a write group outside the namespaces it may read, and keeps their reads as they were', async () => {
    const ola = await backend.signInWhenReady('user:default/ola');
    standIn.requests.length = 0;
    const other = await send(
      'ola',
      {
        ...WRITES[0],
        path: '/api/v1/namespaces/team-a-prod/pods/team-a-7d9f-x1',
      },
      'ola-team-a',
    );
    expect(other.status).toBe(403);
    expect(other.body.error.message).toMatch(
      /^You may not DELETE in namespace team-a-prod of cluster eu .*\(kubernetes\.namespace\.write\)/,
    );
    expect(standIn.requests).toEqual([]);
    for (const [ns, status] of [
      ['payments-prod', 200],
      ['team-a-prod', 403],
    ] as const)
      expect(
        (await proxy(ola, 'eu', `/api/v1/namespaces/${ns}/pods`)).status,
      ).toBe(status);
    const pat = await backend.signIn('user:default/pat');
    expect((await proxy(pat, 'eu', `${POD}/log`)).status).not.toBe(403);
  });

  it('refuses a websocket exec upgrade before it reaches the cluster', async () => {
    const pat = await backend.signIn('user:default/pat');
    standIn.requests.length = 0;
    const res = await rawRequest(backend.url, {
      method: 'GET',
      path: `/api/kubernetes/proxy${POD}/exec?command=sh&stdin=true&tty=true`,
      headers: {
        authorization: `Bearer ${pat}`,
        'backstage-kubernetes-cluster': 'eu',
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'sec-websocket-protocol': 'v4.channel.k8s.io',
      },
    });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).error.message).toMatch(
      /^You may not GET exec in namespace payments-prod of cluster eu .*\(kubernetes\.namespace\.write\)/,
    );
    expect(standIn.requests).toEqual([]);
  });
});

/** The Kubernetes tab's workloads query for an entity, and the clusters/namespaces it asked the stand-in for. */
async function queryWorkloads(user: string, entity: string) {
  const token = await backend.signIn(`user:default/${user}`);
  standIn.requests.length = 0;
  const res = await fetch(
    `${backend.url}/api/kubernetes/resources/workloads/query`,
    {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        entityRef: `component:default/${entity}`,
        auth: {},
      }),
    },
  );
  const body = await res.json();
  const asked = standIn.requests
    .map(r =>
      /^GET \/clusters\/([^/]+)\/(?:api|apis\/[^/]+)\/v\d\w*\/(?:namespaces\/([^/]+)\/)?/.exec(
        r,
      ),
    )
    .filter(Boolean)
    .map(m => `${m![1]}/${m![2] ?? '*'}`);
  const pods = res.ok
    ? body.items.flatMap((i: any) =>
        i.resources
          .filter((r: any) => r.type === 'pods')
          .flatMap((r: any) =>
            r.resources.map(
              (p: any) => `${i.cluster.name}/${p.metadata.namespace}`,
            ),
          ),
      )
    : [];
  return { status: res.status, body, asked: new Set(asked), pods };
}

describe('namespace policy through the real Kubernetes plugin: paths and the Kubernetes tab', () => {
  it('refuses encoded and dot-segment paths that would reach another namespace', async () => {
    const alice = await backend.signIn('user:default/alice');
    const headers = {
      authorization: `Bearer ${alice}`,
      'backstage-kubernetes-cluster': 'eu',
    };
    standIn.requests.length = 0;
    expect(
      await rawGet(
        backend.url,
        '/api/kubernetes/proxy/api/v1/namespaces/payments%2Dprod/pods',
        headers,
      ),
    ).toBe(403);
    expect(
      await rawGet(
        backend.url,
        '/api/kubernetes/proxy/api/v1/namespaces/team-a-prod/../payments-prod/pods',
        headers,
      ),
    ).toBe(400);
    expect(
      await rawGet(
        backend.url,
        '/api/kubernetes/proxy/api/v1/namespaces/team-a-prod/%2e%2e/payments-prod/pods',
        headers,
      ),
    ).toBe(400);
    expect(
      await rawGet(
        backend.url,
        '/api/kubernetes/proxy/api/v1/namespaces//pods',
        headers,
      ),
    ).toBe(400);
    expect(standIn.requests).toEqual([]);
  });

  it('narrows the Kubernetes tab (workloads query) to permitted clusters and namespaces', async () => {
    const wrong: string[] = [];
    for (const user of Object.keys(USERS))
      for (const base of BASES) {
        const ns = `${base}-prod`;
        const visible = CLUSTERS.filter(c => expected(user, c, ns));
        const r = await queryWorkloads(user, `${base}-svc`);
        const want = visible.length ? 200 : 403;
        if (r.status !== want)
          wrong.push(`${user} ${base}-svc: ${r.status}, expected ${want}`);
        for (const a of r.asked)
          if (!visible.some(c => a === `${c}/${ns}`))
            wrong.push(`${user} ${base}-svc asked ${a}`);
        if (
          want === 200 &&
          r.pods.sort().join() !== visible.map(c => `${c}/${ns}`).join()
        )
          wrong.push(`${user} ${base}-svc pods ${r.pods.join()}`);
      }
    expect(wrong).toEqual([]);

    // No namespace annotation: listed across namespaces, answered with the permitted ones only.
    const wanderer = await queryWorkloads('alice', 'wanderer');
    expect(wanderer.status).toBe(200);
    expect(wanderer.pods.sort()).toEqual([
      'eu/team-a-dev',
      'lab/legacy-dev',
      'lab/team-a-dev',
    ]);
  }, 120_000);
});

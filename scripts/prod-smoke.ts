/* eslint-disable no-console */
// The production smoke (scripts/prod-smoke.sh runs it): the built backend bundle, started the way
// packages/backend/Dockerfile starts it (app-config.yaml + app-config.production.yaml, every value
// from the environment .env.example documents), against PostgreSQL, VictoriaMetrics, the
// VictoriaLogs, Kubernetes and ZITADEL stand-ins. A demo user signs in through ZITADEL, runs an
// analysis through the REST API with its Backstage token, and finds the report in the catalog.
// Exits non-zero naming the step that failed.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { KubernetesStandIn, loadScenarioFile } from '@internal/k8s-standin';
import { VictoriaLogsStandIn } from '@internal/victorialogs-standin';
import { demoDirectory, ZitadelStandIn } from '@internal/zitadel-standin';

const ROOT = resolve(__dirname, '..');
const APP_DIR = required('PROD_SMOKE_APP_DIR');
const WORK_DIR = required('PROD_SMOKE_WORK_DIR');
/** Who signs in: bob holds the ZITADEL role `payments`, the team owning payments-prod. */
const USER = { loginName: 'bob', password: 'bob' };
const ENTITY = 'component:default/payments';
/** The stand-in's demo organizations (ACME, Payments Co). */
const DEMO_ORGANIZATIONS = ['100000000000000001', '100000000000000002'];

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set (scripts/prod-smoke.sh sets it)`);
  return value;
}

class StepError extends Error {
  constructor(readonly step: string, cause: unknown) {
    super(
      `step "${step}" failed: ${
        cause instanceof Error ? cause.message : cause
      }`,
    );
  }
}

async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  console.log(`prod-smoke: ${name} …`);
  try {
    const result = await run();
    console.log(`prod-smoke: ${name} ok (${Date.now() - started} ms)`);
    return result;
  } catch (e) {
    throw new StepError(name, e);
  }
}

/** An error no retry can mend: `until` gives up on it at once. */
class Fatal extends Error {}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function until<T>(
  what: string,
  timeoutMs: number,
  attempt: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (e) {
      if (e instanceof Fatal) throw e;
      last = e;
    }
    await sleep(1000);
  }
  throw new Error(
    `${what} within ${timeoutMs / 1000} s${last ? `: ${last}` : ''}`,
  );
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });
}

/** The Debian package's VictoriaMetrics on a free port, its data in the work directory. */
async function startVictoriaMetrics(stops: Array<() => unknown>) {
  const port = await freePort();
  const vm = spawn(
    '/usr/bin/victoria-metrics',
    [
      `-httpListenAddr=127.0.0.1:${port}`,
      `-storageDataPath=${join(WORK_DIR, 'victoria-metrics')}`,
    ],
    { stdio: 'ignore' },
  );
  stops.push(() => vm.kill('SIGTERM'));
  const url = `http://127.0.0.1:${port}`;
  await until('VictoriaMetrics healthy', 30_000, async () =>
    (await fetch(`${url}/health`)).ok ? true : undefined,
  );
  return url;
}

/** The stand-ins and VictoriaMetrics; returns the environment that points the backend at them. */
async function startDependencies(baseUrl: string, stops: Array<() => unknown>) {
  const k8s = new KubernetesStandIn(
    loadScenarioFile(join(ROOT, 'examples/demo/payments-bad-rollout.yaml')),
  );
  await k8s.start();
  stops.push(() => k8s.stop());
  const logs = new VictoriaLogsStandIn();
  await logs.start();
  stops.push(() => logs.stop());
  const zitadel = await ZitadelStandIn.start({
    directory: demoDirectory({
      redirectUris: [`${baseUrl}/api/auth/zitadel/handler/frame`],
    }),
  });
  stops.push(() => zitadel.stop());
  const clustersFile = join(WORK_DIR, 'kubernetes-clusters.yaml');
  writeFileSync(
    clustersFile,
    [
      'type: config',
      'clusters:',
      '  - name: demo',
      '    url: ${K8S_DEMO_URL}',
      '    authProvider: serviceAccount',
      '    serviceAccountToken: ${K8S_DEMO_TOKEN}',
      '    skipTLSVerify: true',
      '',
    ].join('\n'),
  );
  return {
    zitadel,
    env: {
      VICTORIAMETRICS_METRICS_URL: await startVictoriaMetrics(stops),
      VICTORIAMETRICS_LOGS_URL: logs.url,
      KUBERNETES_CLUSTERS_FILE: clustersFile,
      K8S_DEMO_URL: k8s.clusterUrl('demo'),
      K8S_DEMO_TOKEN: 'demo-service-account-token',
      ZITADEL_ISSUER: zitadel.url,
      ZITADEL_CLIENT_ID: 'backstage',
      ZITADEL_CLIENT_SECRET: 'local-standin-secret',
      ZITADEL_PROJECT_ID: '200000000000000001',
      ZITADEL_SYNC_TOKEN: 'local-standin-pat',
    },
  };
}

/**
 * The backend's environment: what .env.example documents, values for this run. Only what a
 * deployment would also choose is overridden through APP_CONFIG_*: the port, a fresh database
 * prefix, a data directory, the demo catalog and the ZITADEL organizations to sync.
 */
function backendEnv(port: number, dependencies: Record<string, string>) {
  const secret = () => randomBytes(24).toString('base64url');
  return {
    BACKSTAGE_BASE_URL: `http://localhost:${port}`,
    BACKEND_SECRET: secret(),
    AUTH_SESSION_SECRET: secret(),
    RCA_ALERTMANAGER_TOKEN: secret(),
    POSTGRES_HOST: required('POSTGRES_HOST'),
    POSTGRES_PORT: required('POSTGRES_PORT'),
    POSTGRES_USER: required('POSTGRES_USER'),
    POSTGRES_PASSWORD: process.env.POSTGRES_PASSWORD ?? 'unused-trust-auth',
    RCA_LLM_ENABLED: 'false',
    ...dependencies,
    APP_CONFIG_backend_listen: `:${port}`,
    APP_CONFIG_backend_database_prefix: required('PROD_SMOKE_DATABASE_PREFIX'),
    APP_CONFIG_rca_dataDir: join(WORK_DIR, 'rca-data'),
    APP_CONFIG_catalog_locations: JSON.stringify([
      { type: 'file', target: join(APP_DIR, 'examples/entities.yaml') },
    ]),
    // bob's organization is not the sync account's own: a multi-organization deployment names them.
    APP_CONFIG_catalog_providers_zitadel_main_organizationIds:
      JSON.stringify(DEMO_ORGANIZATIONS),
  };
}

/** `node packages/backend --config …` in the unpacked bundle, as the Dockerfile's CMD. */
function startBackend(
  env: Record<string, string>,
): ChildProcess & { log: () => string } {
  const omit = (process.env.PROD_SMOKE_OMIT_VAR ?? '')
    .split(',')
    .filter(Boolean);
  const childEnv: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ...env,
  };
  for (const name of omit) delete childEnv[name];
  const child = spawn(
    'node',
    [
      'packages/backend',
      '--config',
      'app-config.yaml',
      '--config',
      'app-config.production.yaml',
    ],
    {
      cwd: APP_DIR,
      env: {
        ...childEnv,
        NODE_ENV: 'production',
        NODE_OPTIONS: '--no-node-snapshot',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // All of it in the work directory; the end in memory for the failure message.
  const file = createWriteStream(join(WORK_DIR, 'backend.log'));
  let log = '';
  const keep = (c: Buffer) => {
    file.write(c);
    log = (log + c.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return Object.assign(child, { log: () => log });
}

async function waitReady(
  baseUrl: string,
  backend: ReturnType<typeof startBackend>,
) {
  let exited: string | undefined;
  backend.on('exit', (code, signal) => (exited = `exited (${code ?? signal})`));
  await until('the backend answers ready', 150_000, async () => {
    if (exited)
      throw new Fatal(`the backend ${exited}:\n${backend.log().slice(-3000)}`);
    // A plugin that cannot start (e.g. a required value missing) leaves the backend up, unready.
    const refused = /^.*(startup failed|failed to start).*$/im.exec(
      backend.log(),
    );
    if (refused) throw new Fatal(refused[0].slice(0, 2000));
    const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
    return res.ok ? true : undefined;
  }).catch(e => {
    if (e instanceof Fatal) throw e;
    throw new Error(
      exited
        ? `the backend ${exited}:\n${backend.log().slice(-3000)}`
        : String(e),
    );
  });
}

/** A browser's cookie jar for one origin. */
class Jar {
  readonly cookies = new Map<string, string>();
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
  }
  async fetch(url: string, init: RequestInit = {}) {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: this.header(),
      },
    });
    this.keep(res);
    return res;
  }
}

/** At ZITADEL: follow redirects, fill in the login page, stop at the way back to Backstage. */
async function authorizeAtIdp(authorizeUrl: string, idpOrigin: string) {
  const idp = new Jar();
  let url = authorizeUrl;
  for (let hop = 0; hop < 10; hop++) {
    const res = await idp.fetch(url);
    const location = res.headers.get('location');
    if (location) {
      url = new URL(location, url).toString();
      if (!url.startsWith(idpOrigin)) return url;
      continue;
    }
    const html = await res.text();
    const action = /action="([^"]+)"/.exec(html)?.[1];
    if (!action)
      throw new Error(`ZITADEL answered ${res.status} without a login form`);
    const post = await idp.fetch(
      new URL(action.replace(/&amp;/g, '&'), url).toString(),
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(USER).toString(),
      },
    );
    const next = post.headers.get('location');
    if (!next) throw new Error(`login refused: ${post.status}`);
    url = new URL(next, url).toString();
  }
  throw new Error('too many redirects at ZITADEL');
}

/** The whole popup sign-in; the Backstage token, or why there is none. */
async function signIn(baseUrl: string, idpOrigin: string): Promise<string> {
  const app = new Jar();
  const start = await app.fetch(
    `${baseUrl}/api/auth/zitadel/start?env=production`,
  );
  if (start.status !== 302)
    throw new Error(`sign-in start answered ${start.status}`);
  const callback = await authorizeAtIdp(
    start.headers.get('location')!,
    idpOrigin,
  );
  const frame = await app.fetch(callback);
  const m = /decodeURIComponent\('([^']*)'\)/.exec(await frame.text());
  if (!m)
    throw new Error(`no sign-in message from the callback (${frame.status})`);
  const message = JSON.parse(decodeURIComponent(m[1]));
  const token = message?.response?.backstageIdentity?.token;
  if (!token)
    throw new Error(
      // Never the message itself: it may carry the identity provider's tokens.
      message?.error?.message ??
        `sign-in answered without a Backstage identity (fields: ${Object.keys(
          message?.response ?? message ?? {},
        ).join(', ')})`,
    );
  return token;
}

async function api(
  baseUrl: string,
  token: string,
  path: string,
  init: RequestInit = {},
) {
  const res = await fetch(`${baseUrl}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(init.headers as Record<string, string>),
    },
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? JSON.parse(text) : undefined,
    text,
  };
}

async function analyse(baseUrl: string, token: string) {
  const created = await api(baseUrl, token, '/api/rca/v1/analyses', {
    method: 'POST',
    body: JSON.stringify({ entityRef: ENTITY, window: { last: '1h' } }),
  });
  if (created.status !== 202)
    throw new Error(
      `POST /api/rca/v1/analyses answered ${
        created.status
      }: ${created.text.slice(0, 300)}`,
    );
  const id: string = created.body.id;
  const done = await until(`analysis ${id} finished`, 180_000, async () => {
    const res = await api(baseUrl, token, `/api/rca/v1/analyses/${id}`);
    if (res.status !== 200)
      throw new Error(`GET analysis answered ${res.status}`);
    return ['completed', 'failed'].includes(res.body.status)
      ? res.body
      : undefined;
  });
  if (done.status !== 'completed')
    throw new Error(`analysis ${id} failed: ${JSON.stringify(done.error)}`);
  return id;
}

async function reportInCatalog(
  baseUrl: string,
  token: string,
  analysisId: string,
) {
  const filter = encodeURIComponent('kind=resource');
  return until(
    `the report of ${analysisId} in the catalog`,
    120_000,
    async () => {
      const res = await api(
        baseUrl,
        token,
        `/api/catalog/entities?filter=${filter}`,
      );
      if (res.status !== 200) throw new Error(`catalog answered ${res.status}`);
      const entity = (
        res.body as Array<{
          metadata: { name: string; annotations?: Record<string, string> };
        }>
      ).find(
        e =>
          e.metadata.annotations?.['rca.backstage.io/analysis-id'] ===
          analysisId,
      );
      return entity ? `resource:${entity.metadata.name}` : undefined;
    },
  );
}

async function main() {
  const stops: Array<() => unknown> = [];
  let backend: ReturnType<typeof startBackend> | undefined;
  try {
    mkdirSync(WORK_DIR, { recursive: true });
    const port = await freePort();
    const baseUrl = `http://localhost:${port}`;
    const deps = await step(
      'start PostgreSQL-backed dependencies and stand-ins',
      () => startDependencies(baseUrl, stops),
    );
    backend = startBackend(backendEnv(port, deps.env));
    await step('start the built backend with the production config', () =>
      waitReady(baseUrl, backend!),
    );
    // The first ZITADEL sync creates the user; until then the resolver finds nobody.
    const token = await step(
      'sign in through ZITADEL as bob (after the catalog sync)',
      () =>
        until('a Backstage token for bob', 120_000, async () =>
          signIn(baseUrl, deps.zitadel.url),
        ),
    );
    const id = await step('run an analysis through the REST API', () =>
      analyse(baseUrl, token),
    );
    const ref = await step('find the report in the catalog', () =>
      reportInCatalog(baseUrl, token, id),
    );
    console.log(`prod-smoke: passed (analysis ${id}, ${ref})`);
  } finally {
    if (backend && backend.exitCode === null) {
      backend.kill('SIGTERM');
      await Promise.race([
        new Promise(r => backend!.once('exit', r)),
        sleep(25_000),
      ]);
      if (backend.exitCode === null) backend.kill('SIGKILL');
    }
    for (const stop of stops.reverse())
      await Promise.resolve(stop()).catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  e => {
    console.error(`prod-smoke: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  },
);

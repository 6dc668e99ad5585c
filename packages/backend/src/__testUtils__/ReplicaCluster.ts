import { mockCredentials } from '@backstage/backend-test-utils';
import {
  type BackendProcess,
  startBackendProcess,
} from '@internal/backend-test-kit';
import { KubernetesStandIn, loadScenarioFile } from '@internal/k8s-standin';
import { VictoriaLogsStandIn } from '@internal/victorialogs-standin';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../../..');

const PAYMENTS = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
  annotations:
    backstage.io/kubernetes-id: payments
    backstage.io/kubernetes-namespace: payments-prod
spec: { type: service, owner: group:default/payments, lifecycle: production }
`;

export interface ReplicaClusterOptions {
  /** The shared PostgreSQL (its `postgres` database; each run gets databases of its own). */
  postgres: string;
  leaseSeconds: number;
  maxConcurrentAnalyses: number;
}

/**
 * Backend replicas (`replicaProcess.ts`, each a process of its own) on one PostgreSQL, committing
 * to one bare Git repository, reading the demo incident from one Kubernetes stand-in and shipping
 * audit events to one VictoriaLogs stand-in: the production shape, on one machine.
 */
export class ReplicaCluster {
  readonly dir = mkdtempSync(join(tmpdir(), 'rca-replicas-'));
  /** Database names of this run: `<prefix><pluginId>`. */
  readonly prefix = `rca_replicas_${Date.now()}_`;
  readonly standIn = new KubernetesStandIn(
    loadScenarioFile(join(root, 'examples/demo/payments-bad-rollout.yaml')),
  );
  readonly vl = new VictoriaLogsStandIn();
  readonly processes: BackendProcess[] = [];
  readonly #o: ReplicaClusterOptions;

  constructor(options: ReplicaClusterOptions) {
    this.#o = options;
    writeFileSync(join(this.dir, 'entities.yaml'), PAYMENTS);
  }

  get reportsRepository() {
    return join(this.dir, 'reports.git');
  }

  /** The connection string of one plugin's database in this run. */
  pluginDatabase(pluginId: string) {
    return this.#o.postgres.replace(/\/[^/]*$/, `/${this.prefix}${pluginId}`);
  }

  async start() {
    await this.standIn.start();
    await this.vl.start();
  }

  async stop() {
    this.processes.forEach(p => p.kill('SIGKILL'));
    await Promise.all(this.processes.map(p => p.exited));
    await this.standIn.stop();
    await this.vl.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  async startReplica(name: string): Promise<BackendProcess> {
    const p = await startBackendProcess({
      script: join(__dirname, 'replicaProcess.ts'),
      payload: {
        config: this.#config(name),
        database: {
          client: 'pg',
          connection: this.#o.postgres,
          prefix: this.prefix,
        },
      },
      startTimeoutMs: 180_000,
    });
    this.processes.push(p);
    return p;
  }

  /** Replica `name`'s config: its own working directory, everything else shared. */
  #config(name: string) {
    return {
      app: { baseUrl: 'http://localhost:3000' },
      catalog: {
        rules: [{ allow: ['Component', 'Resource', 'Location'] }],
        locations: [{ type: 'file', target: join(this.dir, 'entities.yaml') }],
      },
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'demo',
                url: this.standIn.clusterUrl('demo'),
                authProvider: 'serviceAccount',
                serviceAccountToken: 'demo-service-account-token',
                skipTLSVerify: true,
              },
            ],
          },
        ],
      },
      rca: {
        dataDir: join(this.dir, name),
        maxConcurrentAnalyses: this.#o.maxConcurrentAnalyses,
        queue: { leaseSeconds: this.#o.leaseSeconds },
        reports: { git: { url: this.reportsRepository } },
      },
      audit: { victoriaLogs: { url: this.vl.url, flushIntervalMs: 200 } },
    };
  }
}

/** A call to a replica's API as a signed-in user. */
export async function api(p: BackendProcess, path: string, body?: object) {
  const res = await fetch(`${p.url}/api${path}`, {
    method: body ? 'POST' : 'GET',
    headers: {
      authorization: mockCredentials.user.header(),
      'content-type': 'application/json',
    },
    body: body && JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** Polls `fn` until it answers something (errors count as not yet), for up to `ms`. */
export async function until<T>(
  fn: () => Promise<T | undefined>,
  what: string,
  ms = 300_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Submits `count` analyses of the payments component round-robin; their ids, by replica. */
export async function submitRoundRobin(
  replicas: BackendProcess[],
  count: number,
  keyPrefix: string,
): Promise<string[][]> {
  const ids: string[][] = replicas.map(() => []);
  for (let i = 0; i < count; i++) {
    const r = i % replicas.length;
    const res = await until(async () => {
      const answer = await api(replicas[r], '/rca/v1/analyses', {
        entityRef: 'component:default/payments',
        window: { last: '1h' },
        incidentKey: `${keyPrefix}-${i}`,
      });
      // A fresh replica's catalog may not have read the component yet.
      return answer.status === 202 ? answer : undefined;
    }, `analysis ${i} accepted`);
    ids[r].push(res.body.id);
  }
  return ids;
}

/** Polls until every analysis completed or failed; their records, in order. */
export function allFinished(p: BackendProcess, ids: string[]) {
  return until(async () => {
    const records = await Promise.all(
      ids.map(async id => (await api(p, `/rca/v1/analyses/${id}`)).body),
    );
    return records.every(r => ['completed', 'failed'].includes(r.status))
      ? records
      : undefined;
  }, 'every analysis finished');
}

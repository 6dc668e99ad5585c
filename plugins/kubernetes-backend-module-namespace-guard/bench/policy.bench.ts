/* eslint-disable no-console */
/**
 * yarn bench:policy — the namespace policy's in-process decision rate, and the latency the guard
 * adds to proxied Kubernetes requests through a real backend (auth, catalog, permission backend,
 * Kubernetes plugin, local Kubernetes API stand-in).
 */
import authPlugin from '@backstage/plugin-auth-backend';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { KubernetesStandIn } from '@internal/k8s-standin';
import {
  kubernetesNamespaceReadPermission,
  readNamespacePolicyConfig,
} from '@internal/plugin-k8s-namespace-policy-common';
import {
  kubernetesNamespaceRuleset,
  NamespaceOwnerResolver,
} from '@internal/plugin-k8s-namespace-policy-node';
import namespacePolicy, {
  K8sNamespacePolicy,
} from '@internal/plugin-permission-backend-module-k8s-namespace-policy';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startPolicyBackend } from '../src/__testUtils__/startPolicyBackend';
import { kubernetesModuleNamespaceGuard } from '../src/module';

const TEAMS = Array.from({ length: 20 }, (_, i) => `team-${i}`);
const ENVS = ['prod', 'staging', 'dev', 'test'];

async function decisionsPerSecond(): Promise<number[]> {
  const root = new ConfigReader({
    permission: {
      k8sNamespacePolicy: {
        adminGroups: ['group:default/sre'],
        overrides: [{ namespace: 'shared-prod', owners: ['team-1', 'team-2'] }],
      },
    },
  });
  const users = TEAMS.map(t => ({
    credentials: mockCredentials.user(`user:default/${t}-dev`),
    info: {
      userEntityRef: `user:default/${t}-dev`,
      ownershipEntityRefs: [
        `user:default/${t}-dev`,
        `group:default/${t}`,
        'group:default/all',
      ],
    },
  }));
  const byRef = new Map(users.map(u => [u.info.userEntityRef, u.info]));
  const policy = K8sNamespacePolicy.fromConfig(root, {
    userInfo: {
      getUserInfo: async c =>
        byRef.get((c.principal as { userEntityRef: string }).userEntityRef)!,
    },
  });
  const groups = new Set(TEAMS.map(t => `group:default/${t}`));
  const resolver = new NamespaceOwnerResolver({
    config: readNamespacePolicyConfig(root),
    groups: { has: async g => groups.has(g) },
  });
  const authorize = createConditionAuthorizer(kubernetesNamespaceRuleset);
  const namespaces = [
    ...TEAMS.flatMap(t => ENVS.map(e => `${t}-${e}`)),
    'shared-prod',
    'kube-system',
  ];
  const request = { permission: kubernetesNamespaceReadPermission };
  const rates: number[] = [];
  let allowed = 0;
  for (let round = 0; round < 4; round++) {
    const n = 300_000;
    const start = performance.now();
    for (let i = 0; i < n; i++) {
      const user = users[i % users.length];
      const decision = await policy.handle(request, user);
      const resource = await resolver.resolve({
        cluster: 'eu',
        namespace: namespaces[i % namespaces.length],
      });
      if (authorize(decision, resource)) allowed++;
    }
    const rate = n / ((performance.now() - start) / 1000);
    if (round > 0) rates.push(rate); // round 0 warms the JIT
  }
  if (!allowed)
    throw new Error('no decision allowed: the benchmark measures nothing');
  return rates;
}

function pct(sorted: number[], p: number) {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

type Guard = 'off' | 'cached' | 'uncached';

async function startBackend(
  guard: Guard,
  clusterUrl: string,
  catalogFile: string,
) {
  const backend = await startPolicyBackend({
    config: {
      catalog: {
        rules: [{ allow: ['User', 'Group'] }],
        locations: [{ type: 'file', target: catalogFile }],
      },
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'eu',
                url: clusterUrl,
                authProvider: 'serviceAccount',
                serviceAccountToken: 'sa-eu',
                skipTLSVerify: true,
                skipMetricsLookup: true,
              },
            ],
          },
        ],
      },
      permission: {
        k8sNamespacePolicy: {
          decisionCacheTtlSeconds: guard === 'uncached' ? 0 : 10,
        },
      },
    },
    features: [
      authPlugin,
      catalogPlugin,
      permissionPlugin,
      namespacePolicy,
      kubernetesPlugin,
      ...(guard === 'off' ? [] : [kubernetesModuleNamespaceGuard]),
    ],
  });
  const token = await backend.signInWhenReady('user:default/alice');
  const get = async () => {
    const res = await fetch(
      `${backend.url}/api/kubernetes/proxy/api/v1/namespaces/team-1-prod/pods`,
      {
        headers: {
          authorization: `Bearer ${token}`,
          'backstage-kubernetes-cluster': 'eu',
        },
      },
    );
    await res.arrayBuffer();
    if (res.status !== 200)
      throw new Error(`proxy (${guard}) answered ${res.status}`);
  };
  return { guard, get, stop: () => backend.stop() };
}

/**
 * The three backends run side by side in this process and take turns request by request, so the
 * machine's noise falls on all of them alike; the guard's cost is the difference.
 */
async function proxyLatency() {
  const standIn = new KubernetesStandIn({
    clusters: {
      eu: {
        token: 'sa-eu',
        objects: TEAMS.map(t => ({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: `${t}-web`,
            namespace: `${t}-prod`,
            labels: { app: t },
          },
          spec: { containers: [{ name: 'web', image: 'web:1' }] },
          status: { phase: 'Running' },
        })),
      },
    },
  } as never);
  await standIn.start();
  const dir = mkdtempSync(join(tmpdir(), 'policy-bench-'));
  const catalogFile = join(dir, 'catalog.yaml');
  writeFileSync(
    catalogFile,
    [
      {
        kind: 'Group',
        metadata: { name: 'team-1' },
        spec: { type: 'team', children: [] },
      },
      {
        kind: 'User',
        metadata: { name: 'alice' },
        spec: { memberOf: ['team-1'] },
      },
    ]
      .map(d => JSON.stringify({ apiVersion: 'backstage.io/v1alpha1', ...d }))
      .join('\n---\n'),
  );
  const backends = [];
  for (const g of ['off', 'cached', 'uncached'] as Guard[])
    backends.push(await startBackend(g, standIn.clusterUrl('eu'), catalogFile));
  try {
    const samples = new Map<Guard, number[]>(backends.map(b => [b.guard, []]));
    for (let round = 0; round < 2300; round++) {
      for (let k = 0; k < backends.length; k++) {
        const b = backends[(round + k) % backends.length];
        const t = performance.now();
        await b.get();
        if (round >= 300) samples.get(b.guard)!.push(performance.now() - t);
      }
    }
    const stats = (g: Guard) => {
      const s = samples.get(g)!.sort((a, b) => a - b);
      return { p50: pct(s, 50), p99: pct(s, 99) };
    };
    return {
      off: stats('off'),
      cached: stats('cached'),
      uncached: stats('uncached'),
    };
  } finally {
    for (const b of backends) await b.stop();
    await standIn.stop();
  }
}

async function main() {
  const rates = await decisionsPerSecond();
  const median = rates.sort((a, b) => a - b)[Math.floor(rates.length / 2)];
  if (process.argv.includes('--decisions-only')) {
    console.log(
      `policy decisions/s: ${Math.round(median)} (${rates
        .map(Math.round)
        .join(', ')})`,
    );
    process.exit(0);
  }
  const { off, cached, uncached } = await proxyLatency();
  const fmt = (n: number) => n.toFixed(3);
  const rows = [
    [
      'policy decisions/s in process (policy + owner resolution + conditions), median of 3 × 300 000',
      Math.round(median).toLocaleString('en-US'),
      '≥ 200 000',
      median >= 200_000 ? 'ok' : 'MISSED',
    ],
    [
      'proxied request p50 / p99 without the guard (ms)',
      `${fmt(off.p50)} / ${fmt(off.p99)}`,
      '',
      '',
    ],
    [
      'proxied request p50 / p99 with the guard, decision cache on (ms)',
      `${fmt(cached.p50)} / ${fmt(cached.p99)}`,
      '',
      '',
    ],
    [
      'guard added p99, decision cache on (default, 10 s)',
      `${fmt(cached.p99 - off.p99)} ms`,
      '≤ 1 ms',
      cached.p99 - off.p99 <= 1 ? 'ok' : 'MISSED',
    ],
    [
      'proxied request p50 / p99 with the guard, cache off (ms)',
      `${fmt(uncached.p50)} / ${fmt(uncached.p99)}`,
      '',
      '',
    ],
    [
      'guard added p50, decision cache on',
      `${fmt(cached.p50 - off.p50)} ms`,
      '(reported)',
      '',
    ],
    [
      'guard added p99, cache off (every request asks the permission backend)',
      `${fmt(uncached.p99 - off.p99)} ms`,
      '(reported)',
      '',
    ],
  ];
  console.log('\n| measure | result | target | |\n| --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  process.exit(0);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});

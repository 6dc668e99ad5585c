import { resolve } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import authPlugin from '@backstage/plugin-auth-backend';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { startRealBackend } from '@internal/backend-test-kit';
import { KubernetesStandIn, loadScenarioFile } from '@internal/k8s-standin';
// The audit plugin's own hub and auditor collect the events the test asserts on.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  AuditHub,
  auditHubServiceRef,
  auditorServiceFactory,
} from '@internal/plugin-audit-backend';
import type { AuditEvent } from '@internal/plugin-audit-common';
import namespaceGuard from '@internal/plugin-kubernetes-backend-module-namespace-guard';
import namespacePolicy from '@internal/plugin-permission-backend-module-k8s-namespace-policy';
// The module under test runs inside the real rca plugin.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import rcaPlugin from '@internal/plugin-rca-backend';
import rcaModuleBuiltins from '@internal/plugin-rca-backend-module-builtins';
import rcaModuleActions from '../index';
import { testSignInModule } from '@internal/backend-test-kit';

/** The demo incident: payments crash-looping in `payments-prod` after a bad rollout. */
export function demoStandIn(): KubernetesStandIn {
  return new KubernetesStandIn(
    loadScenarioFile(
      resolve(__dirname, '../../../../examples/demo/payments-bad-rollout.yaml'),
    ),
  );
}

/** pat is in payments (owns payments-prod), bob in team-b; payments runs in payments-prod. */
function catalogYaml(): string {
  const docs = [
    ...['payments', 'team-b'].map(g => ({
      kind: 'Group',
      metadata: { name: g },
      spec: { type: 'team', children: [] },
    })),
    {
      kind: 'User',
      metadata: { name: 'pat' },
      spec: { memberOf: ['payments'] },
    },
    { kind: 'User', metadata: { name: 'bob' }, spec: { memberOf: ['team-b'] } },
    {
      kind: 'Component',
      metadata: {
        name: 'payments',
        annotations: {
          'backstage.io/kubernetes-id': 'payments',
          'backstage.io/kubernetes-namespace': 'payments-prod',
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:default/payments',
      },
    },
  ];
  return docs
    .map(d => JSON.stringify({ apiVersion: 'backstage.io/v1alpha1', ...d }))
    .join('\n---\n');
}

function backendConfig(standIn: KubernetesStandIn, dir: string) {
  return {
    app: { baseUrl: 'http://localhost:3000' },
    backend: { actions: { pluginSources: ['rca'] } },
    auth: { environment: 'development', providers: { test: {} } },
    catalog: {
      rules: [{ allow: ['Component', 'User', 'Group', 'Location'] }],
      locations: [{ type: 'file', target: resolve(dir, 'catalog.yaml') }],
    },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'demo',
              url: standIn.clusterUrl('demo'),
              authProvider: 'serviceAccount',
              serviceAccountToken: 'demo-service-account-token',
              skipTLSVerify: true,
              skipMetricsLookup: true,
            },
          ],
        },
      ],
    },
    permission: {
      enabled: true,
      k8sNamespacePolicy: {
        environments: ['prod'],
        adminGroups: ['group:default/sre-admins'],
      },
    },
    rca: {
      dataDir: dir,
      reports: { git: { url: resolve(dir, 'reports.git') } },
      actions: { maxWaitSeconds: 40, pollIntervalMs: 200 },
    },
  };
}

/**
 * A real backend as production wires it for agents: auth (test sign-in through the catalog), the
 * catalog, the permission backend with the namespace policy, rca with its built-ins and actions,
 * and the MCP actions backend. Audit events go to an in-memory hub the test reads.
 */
export async function startMcpBackend(standIn: KubernetesStandIn) {
  const dir = mkdtempSync(resolve(tmpdir(), 'rca-actions-'));
  writeFileSync(resolve(dir, 'catalog.yaml'), catalogYaml());
  const events: AuditEvent[] = [];
  const hub = new AuditHub();
  hub.subscribe(async records => {
    events.push(...records.map(r => r.event));
  });
  const backend = await startRealBackend({
    config: backendConfig(standIn, dir),
    features: [
      auditorServiceFactory,
      createServiceFactory({
        service: auditHubServiceRef,
        deps: {},
        factory: () => hub,
      }),
      testSignInModule,
      authPlugin,
      catalogPlugin,
      permissionPlugin,
      namespacePolicy,
      // the namespace resource type and its rules: the policy's conditions are applied there
      kubernetesPlugin,
      namespaceGuard,
      rcaPlugin,
      rcaModuleBuiltins,
      rcaModuleActions,
      mcpActionsPlugin,
    ],
  });
  return { ...backend, events, flushAudit: () => hub.flush() };
}

/** A Backstage token for a catalog user, once the catalog has read the user and the component. */
export async function signInWhenReady(url: string, userRef: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(`${url}/api/auth/test/refresh`, {
      headers: { 'x-test-user': userRef },
    });
    if (res.ok) {
      const token: string = (await res.json()).backstageIdentity.token;
      const entity = await fetch(
        `${url}/api/catalog/entities/by-name/component/default/payments`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      if (entity.ok) return token;
    }
    if (Date.now() > deadline)
      throw new Error(`sign-in of ${userRef}: ${res.status}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

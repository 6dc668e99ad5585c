import authPlugin from '@backstage/plugin-auth-backend';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import type { JsonObject } from '@backstage/types';
import { KubernetesStandIn, type KubeObject } from '@internal/k8s-standin';
import catalogModuleZitadel from '@internal/plugin-catalog-backend-module-zitadel';
import kubernetesModuleNamespaceGuard from '@internal/plugin-kubernetes-backend-module-namespace-guard';
import namespacePolicy from '@internal/plugin-permission-backend-module-k8s-namespace-policy';
import { ZitadelStandIn } from '@internal/zitadel-standin';
import request from 'supertest';
import { IdpBrowser, readWebMessage } from './__testUtils__/browser';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  ORG_ACME,
  ORG_PARTNER,
  PROJECT,
  testDirectory,
  USER_IDS,
} from './__testUtils__/directory';
import { startZitadelBackend } from './__testUtils__/startZitadelBackend';
import { authModuleZitadelProvider } from './module';

const SYNC_TOKEN = ['sync', 'pat', 'acceptance', '42'].join('-');
const NAMESPACES = ['platform-engineering-prod', 'payments-prod'];

function cluster() {
  const objects: KubeObject[] = NAMESPACES.flatMap(ns => [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
    } as KubeObject,
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${ns}-api-1`, namespace: ns },
      spec: { containers: [{ name: 'api', image: 'api:1' }] },
      status: { phase: 'Running' },
    } as KubeObject,
  ]);
  return { clusters: { prod: { token: 'sa-prod', objects } } };
}

// One cluster, one ZITADEL and one backend for the whole file.
const k8s = new KubernetesStandIn(cluster() as never);
let zitadel: ZitadelStandIn;
let backend: Awaited<ReturnType<typeof startZitadelBackend>>;

/** The app-config of the backend: ZITADEL sign-in and sync, the namespace policy, the cluster. */
function backendConfig(): JsonObject {
  return {
    auth: {
      environment: 'development',
      session: { secret: ['acceptance', 'session'].join('-') },
      providers: {
        zitadel: {
          development: {
            metadataUrl: zitadel.metadataUrl,
            clientId: CLIENT_ID,
            clientSecret: CLIENT_SECRET,
            projectId: PROJECT,
            signIn: {
              resolvers: [
                {
                  resolver: 'catalogUserWithRoleGroups',
                  matchBy: ['userId'],
                },
              ],
            },
          },
        },
      },
    },
    catalog: {
      rules: [{ allow: ['User', 'Group'] }],
      providers: {
        zitadel: {
          acme: {
            baseUrl: zitadel.url,
            projectId: PROJECT,
            organizationIds: [ORG_ACME, ORG_PARTNER],
            token: SYNC_TOKEN,
            schedule: {
              frequency: { minutes: 30 },
              timeout: { minutes: 1 },
            },
          },
        },
      },
    },
    permission: {
      enabled: true,
      k8sNamespacePolicy: {
        environments: ['prod', 'staging', 'dev', 'test'],
        strict: true,
        adminGroups: ['group:default/sre-admins'],
      },
    },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'prod',
              url: k8s.clusterUrl('prod'),
              authProvider: 'serviceAccount',
              serviceAccountToken: 'sa-prod',
              skipTLSVerify: true,
              skipMetricsLookup: true,
            },
          ],
        },
      ],
    },
  };
}

beforeAll(async () => {
  await k8s.start();
  const directory = testDirectory();
  directory.serviceAccounts.push({
    userId: '290000000000000001',
    orgId: ORG_ACME,
    instanceWide: true,
    pats: [SYNC_TOKEN],
  });
  zitadel = await ZitadelStandIn.start({ directory });
  backend = await startZitadelBackend({
    config: () => backendConfig(),
    features: [
      authPlugin,
      authModuleZitadelProvider,
      catalogPlugin,
      catalogModuleZitadel,
      permissionPlugin,
      namespacePolicy,
      kubernetesPlugin,
      kubernetesModuleNamespaceGuard,
    ],
  });
  await zitadel.setRedirectUris(CLIENT_ID, [backend.callbackUrl]);
  // The first sync runs after start; sign-in only works once the catalog holds the users.
  await signIn('alice');
}, 120_000);

afterAll(async () => {
  await backend?.stop();
  await zitadel?.stop();
  await k8s.stop();
});

/** Browser sign-in; retried while the catalog has not yet stored the synced users. */
async function signIn(name: keyof typeof USER_IDS) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const agent = request.agent(backend.url);
    const start = await agent.get('/api/auth/zitadel/start?env=development');
    const { callbackUrl } = await new IdpBrowser(zitadel.url).authorize(
      start.headers.location,
      { loginName: name, password: `${name}-pw` },
    );
    const cb = new URL(callbackUrl);
    const message = readWebMessage(
      (await agent.get(cb.pathname + cb.search)).text,
    );
    if (message.response || Date.now() > deadline) return message;
    await new Promise(r => setTimeout(r, 500));
  }
}

const proxy = (token: string, ns: string) =>
  fetch(`${backend.url}/api/kubernetes/proxy/api/v1/namespaces/${ns}/pods`, {
    headers: {
      authorization: `Bearer ${token}`,
      'backstage-kubernetes-cluster': 'prod',
    },
  });

describe('ZITADEL role → Backstage group → Kubernetes namespace (acceptance)', () => {
  it('a platform-engineering user reads platform-engineering-prod and is denied payments-prod, audited', async () => {
    const message = await signIn('alice');
    expect(message.error).toBeUndefined();
    const { identity, token } = message.response.backstageIdentity;
    expect(identity.userEntityRef).toBe('user:default/alice');
    expect(identity.ownershipEntityRefs).toContain(
      'group:default/platform-engineering',
    );
    expect(identity.ownershipEntityRefs).not.toContain(
      'group:default/payments',
    );

    const info = await fetch(`${backend.url}/api/auth/v1/userinfo`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect((await info.json()).claims.ent).toContain(
      'group:default/platform-engineering',
    );

    k8s.requests.length = 0;
    const allowed = await proxy(token, 'platform-engineering-prod');
    expect(allowed.status).toBe(200);
    expect(
      (await allowed.json()).items.map((p: any) => p.metadata.name),
    ).toEqual(['platform-engineering-prod-api-1']);
    const denied = await proxy(token, 'payments-prod');
    expect(denied.status).toBe(403);
    expect(await denied.text()).toContain('payments-prod');
    // Nothing reached the cluster for the denied namespace.
    expect(k8s.requests.filter(r => r.includes('payments-prod'))).toEqual([]);

    await backend.flush();
    const denials = backend.events.filter(
      e =>
        e.event.action === 'kubernetes.namespace-read' &&
        e.event.outcome === 'failure',
    );
    expect(denials).toHaveLength(1);
    expect(denials[0]).toMatchObject({
      actor: { ref: 'user:default/alice' },
      meta: { cluster: 'prod', namespace: 'payments-prod', decision: 'DENY' },
    });
    // The first proxied request loads the Kubernetes client (ESM, under vm-modules): over a
    // second alone, several seconds on a loaded CI worker.
  }, 30_000);

  it('the payments user from the partner org gets the mirror image', async () => {
    const message = await signIn('bob');
    const { token, identity } = message.response.backstageIdentity;
    expect(identity.ownershipEntityRefs).toContain('group:default/payments');
    expect((await proxy(token, 'payments-prod')).status).toBe(200);
    expect((await proxy(token, 'platform-engineering-prod')).status).toBe(403);
  });
});

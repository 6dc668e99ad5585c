import {
  type BackendFeature,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import { startRealBackend } from '@internal/backend-test-kit';
// The audit plugin's own hub and auditor collect the events these tests assert on.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  AuditHub,
  auditHubServiceRef,
  auditorServiceFactory,
} from '@internal/plugin-audit-backend';
import type { AuditEvent } from '@internal/plugin-audit-common';
import { testSignInModule } from '@internal/backend-test-kit';

export const SERVICE_TOKEN = `svc-${'matrix'}-${'token'}-0123456789`;

/** The test's config plus what every policy backend needs: static service token, test sign-in. */
function policyBackendConfig(config: JsonObject): JsonObject {
  return {
    ...config,
    app: { baseUrl: 'http://localhost:3000' },
    backend: {
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: SERVICE_TOKEN, subject: 'matrix-probe' },
          },
        ],
      },
    },
    auth: {
      environment: 'development',
      providers: { test: {} },
    },
    permission: {
      enabled: true,
      ...((config.permission as JsonObject) ?? {}),
    },
  };
}

/**
 * A real backend as production wires it: auth backend with real token issuing and verification,
 * catalog, the Kubernetes plugin, the permission backend with the namespace policy, and the
 * namespace guard. Only the sign-in step is a test provider, and audit events go to an in-memory
 * hub the test reads.
 */
export async function startPolicyBackend(o: {
  config: JsonObject;
  features: Array<BackendFeature | Promise<{ default: BackendFeature }>>;
}) {
  const events: AuditEvent[] = [];
  const hub = new AuditHub();
  hub.subscribe(async records => {
    events.push(...records.map(r => r.event));
  });
  const backend = await startRealBackend({
    config: policyBackendConfig(o.config),
    features: [
      auditorServiceFactory,
      createServiceFactory({
        service: auditHubServiceRef,
        deps: {},
        factory: () => hub,
      }),
      testSignInModule,
      ...o.features,
    ],
  });
  const url = backend.url;

  const tokens = new Map<string, string>();
  /** A Backstage token for a catalog user, issued by the auth backend. */
  const signIn = async (userRef: string) => {
    if (!tokens.has(userRef)) {
      const res = await fetch(`${url}/api/auth/test/refresh`, {
        headers: { 'x-test-user': userRef },
      });
      if (!res.ok)
        throw new Error(
          `sign-in of ${userRef}: ${res.status} ${await res.text()}`,
        );
      const body = await res.json();
      tokens.set(userRef, body.backstageIdentity.token);
    }
    return tokens.get(userRef)!;
  };
  /** Signs in once the catalog has read the user: it reads file locations after start. */
  const signInWhenReady = async (userRef: string, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await signIn(userRef);
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise(r => setTimeout(r, 250));
      }
    }
  };
  return {
    url,
    signInWhenReady,
    events,
    flush: () => hub.flush(),
    signIn,
    stop: backend.stop,
  };
}

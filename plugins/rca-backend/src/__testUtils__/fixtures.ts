import { resolve } from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import { KubernetesStandIn, loadScenarioFile } from '@internal/k8s-standin';
import request from 'supertest';

/** The Kubernetes stand-in serving the demo incident (`examples/demo/payments-bad-rollout.yaml`). */
export function demoStandIn(): KubernetesStandIn {
  return new KubernetesStandIn(
    loadScenarioFile(
      resolve(__dirname, '../../../../examples/demo/payments-bad-rollout.yaml'),
    ),
  );
}

/** A component whose workloads run in `<name>-prod` (the demo's payments, by default). */
export function component(
  name = 'payments',
  owner = 'group:default/payments',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-id': name,
        'backstage.io/kubernetes-namespace': `${name}-prod`,
      },
    },
    spec: { type: 'service', owner, lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}

/** A cluster of the stand-in, as `kubernetes.clusterLocatorMethods` lists it. */
export function standInCluster(standIn: KubernetesStandIn, name = 'demo') {
  return {
    name,
    url: standIn.clusterUrl(name),
    authProvider: 'serviceAccount',
    serviceAccountToken: 'demo-service-account-token',
    // The stand-in speaks plain HTTP, which client-node only allows with skipTLSVerify.
    skipTLSVerify: true,
  };
}

/** The config of an rca backend over `clusters`, committing to `<dataDir>/reports.git`. */
export function rcaConfig(o: {
  clusters: object[];
  dataDir: string;
  rca?: object;
}) {
  return {
    app: { baseUrl: 'http://localhost:3000' },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [{ type: 'config', clusters: o.clusters }],
    },
    rca: {
      dataDir: o.dataDir,
      reports: { git: { url: resolve(o.dataDir, 'reports.git') } },
      ...o.rca,
    },
  };
}

/** Polls GET /v1/analyses/:id until the analysis completed or failed; its last answer. */
export async function waitForAnalysis(
  server: Parameters<typeof request>[0],
  id: string,
) {
  for (let i = 0; i < 200; i++) {
    const res = await request(server)
      .get(`/api/rca/v1/analyses/${id}`)
      .expect(200);
    if (res.body.status === 'completed' || res.body.status === 'failed')
      return res.body;
    await new Promise(r => setTimeout(r, 50));
  }
  throw new Error('analysis did not finish');
}

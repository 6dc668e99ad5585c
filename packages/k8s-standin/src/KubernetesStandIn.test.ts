import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
} from '@kubernetes/client-node';
import { KubernetesStandIn } from './KubernetesStandIn';
import { materializeTimes, validateScenario } from './scenario';

function client(url: string, token = 'tok') {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: url, skipTLSVerify: true }],
    users: [{ name: 'u', token }],
    contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
    currentContext: 'ctx',
  });
  return {
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
  };
}

const now = new Date('2026-11-23T10:00:00Z');
const scenario = validateScenario(
  materializeTimes(
    {
      clusters: {
        prod: {
          token: 'tok',
          objects: [
            {
              kind: 'Pod',
              metadata: {
                name: 'a-1',
                namespace: 'shop',
                labels: { app: 'a' },
                creationTimestamp: 'now-10m',
              },
              spec: { nodeName: 'n1' },
              status: { phase: 'Running' },
            },
            {
              kind: 'Pod',
              metadata: {
                name: 'b-1',
                namespace: 'shop',
                labels: { app: 'b' },
              },
              status: { phase: 'Pending' },
            },
            {
              kind: 'Pod',
              metadata: {
                name: 'a-2',
                namespace: 'other',
                labels: { app: 'a' },
              },
            },
            {
              kind: 'Event',
              metadata: { name: 'e1', namespace: 'shop' },
              involvedObject: { kind: 'Pod', name: 'a-1' },
              type: 'Warning',
              reason: 'BackOff',
            },
            {
              kind: 'Deployment',
              metadata: { name: 'a', namespace: 'shop', labels: { app: 'a' } },
            },
          ],
        },
        edge: { objects: [] },
      },
    },
    now,
  ),
);

// One stand-in serves every block below.
const standIn = new KubernetesStandIn(scenario);
beforeAll(() => standIn.start());
afterAll(() => standIn.stop());

describe('KubernetesStandIn through @kubernetes/client-node: listing', () => {
  it('lists with label and field selectors, namespaced and across namespaces', async () => {
    const { core } = client(standIn.clusterUrl('prod'));
    const shop = await core.listNamespacedPod({
      namespace: 'shop',
      labelSelector: 'app=a',
    });
    expect(shop.items.map(p => p.metadata?.name)).toEqual(['a-1']);
    // relative times are materialised and the client parses them into dates
    expect(shop.items[0].metadata?.creationTimestamp?.toISOString()).toBe(
      '2026-11-23T09:50:00.000Z',
    );
    const all = await core.listPodForAllNamespaces({
      labelSelector: 'app in (a, b),app!=b',
    });
    expect(all.items.map(p => p.metadata?.name).sort()).toEqual(['a-1', 'a-2']);
    const onNode = await core.listNamespacedPod({
      namespace: 'shop',
      fieldSelector: 'spec.nodeName=n1',
    });
    expect(onNode.items).toHaveLength(1);
    const events = await core.listNamespacedEvent({
      namespace: 'shop',
      fieldSelector: 'involvedObject.name=a-1,type=Warning',
    });
    expect(events.items.map(e => e.reason)).toEqual(['BackOff']);
  });

  it('pages with limit and continue', async () => {
    const { core } = client(standIn.clusterUrl('prod'));
    const first = await core.listPodForAllNamespaces({ limit: 2 });
    expect(first.items).toHaveLength(2);
    const rest = await core.listPodForAllNamespaces({
      limit: 2,
      _continue: first.metadata?._continue,
    });
    expect(rest.items).toHaveLength(1);
    expect(rest.metadata?._continue).toBeUndefined();
  });

  it('answers 400 for selectors it does not understand instead of ignoring them', async () => {
    const { core } = client(standIn.clusterUrl('prod'));
    const error = await core
      .listNamespacedEvent({
        namespace: 'shop',
        fieldSelector: 'source.host=x',
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ApiException);
    expect(error.code).toBe(400);
    expect(JSON.parse(error.body).message).toMatch(/field label not supported/);
  });
});

describe('KubernetesStandIn through @kubernetes/client-node: clusters and faults', () => {
  it('keeps clusters apart, checks the token and serves faults on demand', async () => {
    expect(
      (
        await client(standIn.clusterUrl('edge')).core.listNamespacedPod({
          namespace: 'shop',
        })
      ).items,
    ).toEqual([]);
    const bad = await client(standIn.clusterUrl('prod'), 'wrong')
      .core.listNamespacedPod({ namespace: 'shop' })
      .catch(e => e);
    expect(bad.code).toBe(401);

    standIn.setFaults('prod', {
      forbiddenNamespaces: ['shop'],
      missingResources: ['deployments'],
    });
    const { core, apps } = client(standIn.clusterUrl('prod'));
    const forbidden = await core
      .listNamespacedPod({ namespace: 'shop' })
      .catch(e => e);
    expect(forbidden.code).toBe(403);
    expect(JSON.parse(forbidden.body).reason).toBe('Forbidden');
    const missing = await apps
      .listNamespacedDeployment({ namespace: 'other' })
      .catch(e => e);
    expect(missing.code).toBe(404);

    standIn.setFaults('prod', { down: true });
    const down = await core
      .listNamespacedPod({ namespace: 'shop' })
      .catch(e => e);
    expect(down).not.toBeInstanceOf(ApiException);
    expect(String(down.message)).toMatch(/socket hang up|ECONNRESET|reset/i);
    standIn.setFaults('prod', {});
  });
});

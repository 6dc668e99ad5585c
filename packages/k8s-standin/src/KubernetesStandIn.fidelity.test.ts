import {
  ApiextensionsV1Api,
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  EventsV1Api,
  KubeConfig,
  VersionApi,
} from '@kubernetes/client-node';
import { KubernetesStandIn } from './KubernetesStandIn';
import { materializeTimes, validateScenario } from './scenario';

// What a real kube-apiserver (v1.32) accepts and answers, as the stand-in must: selectable fields
// per resource, both event APIs, discovery, custom resources only with their CRD, metadata-only lists.

function kubeConfig(url: string) {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: url, skipTLSVerify: true }],
    users: [{ name: 'u', token: 'tok' }],
    contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
    currentContext: 'ctx',
  });
  return kc;
}

const now = new Date('2026-11-23T10:00:00Z');
const result = {
  apiVersion: 'core.k8sgpt.ai/v1alpha1',
  kind: 'Result',
  metadata: { name: 'r1', namespace: 'k8sgpt' },
  spec: { kind: 'Pod', name: 'shop/a-1' },
};
const scenario = validateScenario(
  materializeTimes(
    {
      clusters: {
        prod: {
          token: 'tok',
          objects: [
            {
              kind: 'Pod',
              metadata: { name: 'a-1', namespace: 'shop' },
              spec: { nodeName: 'n1', hostNetwork: true },
              status: { phase: 'Running', podIP: '10.0.0.7' },
            },
            {
              kind: 'Node',
              metadata: { name: 'n1' },
              spec: { unschedulable: true },
            },
            {
              kind: 'Node',
              metadata: { name: 'n2' },
            },
            {
              apiVersion: 'events.k8s.io/v1',
              kind: 'Event',
              metadata: { name: 'a-1.sched', namespace: 'shop' },
              regarding: { kind: 'Pod', name: 'a-1', namespace: 'shop' },
              reason: 'FailedScheduling',
              note: '0/3 nodes are available',
              type: 'Warning',
              reportingController: 'default-scheduler',
              reportingInstance: 'default-scheduler-cp-1',
              action: 'Scheduling',
              eventTime: 'now-3h',
              series: { count: 42, lastObservedTime: 'now-1m' },
            },
            {
              kind: 'Event',
              metadata: { name: 'a-1.pull', namespace: 'shop' },
              involvedObject: { kind: 'Pod', name: 'a-1', namespace: 'shop' },
              reason: 'Pulled',
              message: 'pulled',
              type: 'Normal',
              source: { component: 'kubelet', host: 'n1' },
              firstTimestamp: 'now-10m',
              lastTimestamp: 'now-9m',
              count: 2,
            },
            {
              kind: 'Deployment',
              metadata: { name: 'a', namespace: 'shop' },
            },
            {
              kind: 'Secret',
              metadata: { name: 's', namespace: 'shop' },
              type: 'Opaque',
              data: { password: 'aHVudGVyMg==' },
            },
            result,
          ],
        },
        crds: {
          token: 'tok',
          objects: [
            {
              apiVersion: 'apiextensions.k8s.io/v1',
              kind: 'CustomResourceDefinition',
              metadata: { name: 'results.core.k8sgpt.ai' },
            },
            result,
          ],
        },
      },
    },
    now,
  ),
);

const standIn = new KubernetesStandIn(scenario);
beforeAll(() => standIn.start());
afterAll(() => standIn.stop());

const refused = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    e => ({ code: e.code, body: JSON.parse(e.body) }),
  );

describe('KubernetesStandIn field selectors, as a real API server', () => {
  const core = () =>
    kubeConfig(standIn.clusterUrl('prod')).makeApiClient(CoreV1Api);

  it('accepts the fields each resource supports', async () => {
    const pods = await core().listNamespacedPod({
      namespace: 'shop',
      fieldSelector: 'status.podIP=10.0.0.7,spec.hostNetwork=true',
    });
    expect(pods.items.map(p => p.metadata?.name)).toEqual(['a-1']);
    const events = await core().listNamespacedEvent({
      namespace: 'shop',
      fieldSelector: 'source=kubelet',
    });
    expect(events.items.map(e => e.reason)).toEqual(['Pulled']);
    // `source` falls back to the reporting controller of events.k8s.io events
    const scheduler = await core().listNamespacedEvent({
      namespace: 'shop',
      fieldSelector:
        'source=default-scheduler,reportingComponent=default-scheduler',
    });
    expect(scheduler.items.map(e => e.reason)).toEqual(['FailedScheduling']);
    const cordoned = await core().listNode({
      fieldSelector: 'spec.unschedulable=true',
    });
    expect(cordoned.items.map(n => n.metadata?.name)).toEqual(['n1']);
  });

  it('answers 400 with the real Status body for fields the resource does not support', async () => {
    const apps = kubeConfig(standIn.clusterUrl('prod')).makeApiClient(
      AppsV1Api,
    );
    for (const [call, field] of [
      [
        core().listNamespacedPod({
          namespace: 'shop',
          fieldSelector: 'reason=x',
        }),
        'reason',
      ],
      [
        core().listNamespacedEvent({
          namespace: 'shop',
          fieldSelector: 'spec.nodeName=n1',
        }),
        'spec.nodeName',
      ],
      [
        apps.listNamespacedDeployment({
          namespace: 'shop',
          fieldSelector: 'status.phase=Running',
        }),
        'status.phase',
      ],
    ] as const) {
      expect(await refused(call)).toEqual({
        code: 400,
        body: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: `field label not supported: ${field}`,
          reason: 'BadRequest',
          code: 400,
        },
      });
    }
  });
});

describe('KubernetesStandIn events through both event APIs', () => {
  it('shows an events.k8s.io event with series and no count/lastTimestamp in the core/v1 view', async () => {
    const kc = kubeConfig(standIn.clusterUrl('prod'));
    const core = await kc.makeApiClient(CoreV1Api).listNamespacedEvent({
      namespace: 'shop',
      fieldSelector: 'reason=FailedScheduling',
    });
    const [e] = core.items;
    expect(e.message).toBe('0/3 nodes are available');
    expect(e.count).toBeUndefined();
    expect(e.lastTimestamp).toBeUndefined();
    // MicroTime fields stay strings in the client
    expect(new Date(String(e.eventTime)).toISOString()).toBe(
      '2026-11-23T07:00:00.000Z',
    );
    expect(e.series?.count).toBe(42);
    expect(new Date(String(e.series?.lastObservedTime)).toISOString()).toBe(
      '2026-11-23T09:59:00.000Z',
    );

    const v1 = await kc
      .makeApiClient(EventsV1Api)
      .listNamespacedEvent({ namespace: 'shop' });
    const pulled = v1.items.find(x => x.reason === 'Pulled');
    expect(pulled?.note).toBe('pulled');
    expect(pulled?.regarding?.name).toBe('a-1');
    expect(pulled?.deprecatedCount).toBe(2);
    expect(
      v1.items.find(x => x.reason === 'FailedScheduling')?.series?.count,
    ).toBe(42);
  });
});

describe('KubernetesStandIn discovery, custom resources and metadata-only lists', () => {
  it('serves /version, /api and /apis', async () => {
    const kc = kubeConfig(standIn.clusterUrl('prod'));
    expect((await kc.makeApiClient(VersionApi).getCode()).gitVersion).toBe(
      'v1.32.0',
    );
    const api = await fetch(`${standIn.clusterUrl('prod')}/api`, {
      headers: { authorization: 'Bearer tok' },
    }).then(r => r.json());
    expect(api.versions).toEqual(['v1']);
    const apis = await fetch(`${standIn.clusterUrl('prod')}/apis`, {
      headers: { authorization: 'Bearer tok' },
    }).then(r => r.json());
    const groups = apis.groups.map((g: { name: string }) => g.name);
    expect(groups).toContain('apps');
    expect(groups).toContain('events.k8s.io');
    expect(groups).not.toContain('core.k8sgpt.ai');
  });

  it('serves k8sgpt Results only in a cluster where their CRD is installed', async () => {
    const list = (cluster: string) =>
      kubeConfig(standIn.clusterUrl(cluster))
        .makeApiClient(CustomObjectsApi)
        .listClusterCustomObject({
          group: 'core.k8sgpt.ai',
          version: 'v1alpha1',
          plural: 'results',
        });
    expect(await refused(list('prod'))).toMatchObject({ code: 404 });
    expect(((await list('crds')) as { items: unknown[] }).items).toHaveLength(
      1,
    );
    const crds = await kubeConfig(standIn.clusterUrl('crds'))
      .makeApiClient(ApiextensionsV1Api)
      .listCustomResourceDefinition();
    expect(crds.items.map(c => c.metadata?.name)).toEqual([
      'results.core.k8sgpt.ai',
    ]);
  });

  it('answers PartialObjectMetadataList when asked for metadata only', async () => {
    const res = await fetch(
      `${standIn.clusterUrl('prod')}/api/v1/namespaces/shop/secrets`,
      {
        headers: {
          authorization: 'Bearer tok',
          accept:
            'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1',
        },
      },
    );
    const body = await res.text();
    expect(body).not.toContain('aHVudGVyMg');
    expect(JSON.parse(body)).toMatchObject({
      kind: 'PartialObjectMetadataList',
      apiVersion: 'meta.k8s.io/v1',
      items: [{ kind: 'PartialObjectMetadata', metadata: { name: 's' } }],
    });
  });
});

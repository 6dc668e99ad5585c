import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { component } from '../__testUtils__/fixtures';
import { EntityMatcher } from './EntityMatcher';

const bySelector = {
  ...component('checkout'),
  metadata: {
    name: 'checkout',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-label-selector': 'app=checkout-web,tier=web',
      'backstage.io/kubernetes-namespace': 'shop',
      'backstage.io/kubernetes-cluster': 'eu',
    },
  },
};

function matcher(entities = [component(), bySelector]) {
  const catalog = catalogServiceMock({ entities });
  const getEntities = jest.spyOn(catalog, 'getEntities');
  const m = new EntityMatcher({
    catalog,
    auth: mockServices.auth(),
    kinds: ['Component'],
    entityLabels: ['backstage_io_entity', 'entity'],
    cacheTtlMs: 60_000,
  });
  return { m, getEntities };
}

describe('EntityMatcher', () => {
  it('takes an explicit entity label first', async () => {
    const { m } = matcher();
    await expect(
      m.match({ entity: 'component:default/x', deployment: 'payments' }),
    ).resolves.toEqual({ entityRefs: ['component:default/x'], via: 'label' });
  });

  it('matches a pod of a Deployment through the kubernetes-id and namespace', async () => {
    const { m } = matcher();
    await expect(
      m.match({ namespace: 'payments-prod', pod: 'payments-7d9f8c6b5-x2x4q' }),
    ).resolves.toEqual({
      entityRefs: ['component:default/payments'],
      via: 'kubernetes',
    });
    const other = await m.match({
      namespace: 'elsewhere',
      deployment: 'payments',
    });
    expect(other.entityRefs).toEqual([]);
    expect('reason' in other && other.reason).toMatch(/namespace elsewhere/);
  });

  it('matches through a label selector, within the cluster', async () => {
    const { m } = matcher();
    const eu = await m.match({
      cluster: 'eu',
      namespace: 'shop',
      deployment: 'checkout-web',
    });
    expect(eu.entityRefs).toEqual(['component:default/checkout']);
    const us = await m.match({ cluster: 'us', deployment: 'checkout-web' });
    expect(us.entityRefs).toEqual([]);
  });

  it('says why an alert without workload labels maps to nothing, and reads the catalog once', async () => {
    const { m, getEntities } = matcher();
    const none = await m.match({ alertname: 'NodeDown', instance: 'n1' });
    expect('reason' in none && none.reason).toMatch(/no workload label/);
    await m.match({ deployment: 'payments' });
    await m.match({ deployment: 'checkout-web' });
    expect(getEntities).toHaveBeenCalledTimes(1);
  });
});

describe('EntityMatcher, the most specific label', () => {
  const ksm = component('kube-state-metrics');
  ksm.metadata.annotations!['backstage.io/kubernetes-namespace'] =
    'payments-prod';
  const unannotated = component('app');
  delete unannotated.metadata.annotations!['backstage.io/kubernetes-namespace'];

  it('ignores the exporter service and container when a workload label is present', async () => {
    const { m } = matcher([component(), ksm, unannotated]);
    await expect(
      m.match({
        namespace: 'payments-prod',
        deployment: 'payments',
        service: 'kube-state-metrics',
        container: 'app',
      }),
    ).resolves.toEqual({
      entityRefs: ['component:default/payments'],
      via: 'kubernetes',
    });
  });

  it('requires the namespace of a namespaced alert', async () => {
    const { m } = matcher([unannotated]);
    const res = await m.match({ namespace: 'payments-prod', container: 'app' });
    expect(res.entityRefs).toEqual([]);
    await expect(m.match({ container: 'app' })).resolves.toMatchObject({
      entityRefs: ['component:default/app'],
    });
  });
});

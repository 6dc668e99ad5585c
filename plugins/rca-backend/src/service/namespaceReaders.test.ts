import { ConfigReader } from '@backstage/config';
import { readNamespacePolicyConfig } from '@internal/plugin-k8s-namespace-policy-common';
import { NamespaceOwnerResolver } from '@internal/plugin-k8s-namespace-policy-node';
import { namespaceReaders } from './namespaceReaders';

// Who may read a report drawn from a namespace, as the real resolver maps it: the owning group,
// `*` for an unmapped namespace of a lax cluster, and nobody but admins for the cluster scope
// (`<cluster>/`, a report naming nodes), however lax the cluster.
const resolver = (strict: boolean) =>
  new NamespaceOwnerResolver({
    config: readNamespacePolicyConfig(
      new ConfigReader({ permission: { k8sNamespacePolicy: { strict } } }),
    ),
    groups: { has: async ref => ref === 'group:default/payments' },
  });

describe('namespaceReaders', () => {
  it('gives the owners, anyone on a lax cluster, and the cluster scope to admins only', async () => {
    await expect(
      namespaceReaders(resolver(true), {
        cluster: 'prod',
        namespace: 'payments-prod',
      }),
    ).resolves.toEqual(['group:default/payments']);
    await expect(
      namespaceReaders(resolver(false), {
        cluster: 'prod',
        namespace: 'legacy',
      }),
    ).resolves.toEqual(['*']);
    await expect(
      namespaceReaders(resolver(false), { cluster: 'prod', namespace: '' }),
    ).resolves.toEqual([]);
  });
});

import { namespaceReaders } from './namespaceReaders';

// Who may read a report drawn from a namespace: the policy's owners, `*` for an unmapped
// namespace of a lax cluster, and nobody but admins for the cluster scope, however lax.
const resolverOf = (resource: object) => ({
  resolve: async (ref: { cluster: string; namespace: string }) =>
    ({ ...ref, ...resource } as never),
});

describe('namespaceReaders', () => {
  it('gives owners, then anyone on a lax cluster, and keeps the cluster scope to admins', async () => {
    const ref = { cluster: 'prod', namespace: 'payments-prod' };
    await expect(
      namespaceReaders(
        resolverOf({
          mapped: true,
          owners: ['group:default/payments'],
          source: 'name',
          strict: true,
        }),
        ref,
      ),
    ).resolves.toEqual(['group:default/payments']);
    await expect(
      namespaceReaders(
        resolverOf({
          mapped: false,
          owners: [],
          source: 'name',
          strict: false,
        }),
        ref,
      ),
    ).resolves.toEqual(['*']);
    await expect(
      namespaceReaders(
        resolverOf({
          mapped: false,
          owners: [],
          source: 'cluster-scope',
          strict: false,
        }),
        { cluster: 'prod', namespace: '' },
      ),
    ).resolves.toEqual([]);
  });
});

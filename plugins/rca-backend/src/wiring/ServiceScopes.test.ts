import { mockCredentials } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { ServiceScopes } from './ServiceScopes';

const scopes = new ServiceScopes(async (_credentials, entityRef) =>
  entityRef === 'component:default/payments'
    ? [{ cluster: 'prod', namespace: 'payments-prod' }]
    : [],
);

describe('ServiceScopes', () => {
  it('confines a copy of the credentials that reads through to the original', () => {
    const original = mockCredentials.service('external:alertmanager');
    const scoped = scopes.scope(original, 'component:default/payments');
    expect(scoped.principal).toBe(original.principal);
    expect(scoped.$$type).toBe(original.$$type);
    expect(scopes.entityOf(scoped)).toBe('component:default/payments');
    expect(scopes.entityOf(original)).toBeUndefined();
  });

  it("denies what the policy allowed outside the entity's own namespaces", async () => {
    const original = mockCredentials.service('external:alertmanager');
    const decisions = [
      { ref: { cluster: 'prod', namespace: 'payments-prod' }, allowed: true },
      { ref: { cluster: 'prod', namespace: 'ledger-prod' }, allowed: true },
    ];
    // Unscoped users and plugins keep the policy's decisions.
    await expect(
      scopes.confine(mockCredentials.service('plugin:catalog'), decisions),
    ).resolves.toBe(decisions);
    const confined = await scopes.confine(
      scopes.scope(original, 'component:default/payments'),
      decisions,
    );
    expect(confined.map(d => d.allowed)).toEqual([true, false]);
    expect((confined[1] as { error: Error }).error).toBeInstanceOf(
      NotAllowedError,
    );
  });

  it('fails closed for an outside service no alert scoped', async () => {
    const original = mockCredentials.service('external:alertmanager');
    const decisions = [
      { ref: { cluster: 'prod', namespace: 'payments-prod' }, allowed: true },
    ];
    const confined = await scopes.confine(original, decisions);
    expect(confined.map(d => d.allowed)).toEqual([false]);
    expect(scopes.mayRead(original, 'component:default/payments')).toBe(false);
    const scoped = scopes.scope(original, 'component:default/payments');
    expect(scopes.mayRead(scoped, 'component:default/payments')).toBe(true);
    expect(scopes.mayRead(scoped, 'component:default/ledger')).toBe(false);
    expect(scopes.mayRead(scoped)).toBe(false);
    expect(scopes.mayRead(mockCredentials.user())).toBe(true);
    expect(scopes.mayRead(mockCredentials.service('plugin:catalog'))).toBe(
      true,
    );
  });
});

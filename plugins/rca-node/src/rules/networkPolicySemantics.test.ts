import type { V1NetworkPolicy } from '@kubernetes/client-node';
import { CLUSTER_DNS, egressAllowed } from './networkPolicySemantics';

const app = { namespace: 'shop', labels: { app: 'catalog' } };

const policy = (
  name: string,
  spec: V1NetworkPolicy['spec'],
): V1NetworkPolicy => ({
  metadata: { name, namespace: 'shop' },
  spec,
});

const defaultDeny = policy('default-deny-all', {
  podSelector: {},
  policyTypes: ['Ingress', 'Egress'],
});

const allowDns = policy('allow-dns', {
  podSelector: {},
  policyTypes: ['Egress'],
  egress: [
    {
      to: [
        {
          namespaceSelector: {
            matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' },
          },
          podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        },
      ],
      ports: [
        { protocol: 'UDP', port: 53 },
        { protocol: 'TCP', port: 53 },
      ],
    },
  ],
});

describe('egressAllowed', () => {
  it('says nothing when no Egress policy selects the caller', () => {
    const ingressOnly = policy('web', {
      podSelector: {},
      policyTypes: ['Ingress'],
    });
    expect(egressAllowed([ingressOnly], app, CLUSTER_DNS)).toBeUndefined();
  });

  it('denies DNS under a default deny, and policies add up to allow it', () => {
    expect(egressAllowed([defaultDeny], app, CLUSTER_DNS)?.allowed).toBe(false);
    expect(
      egressAllowed([defaultDeny, allowDns], app, CLUSTER_DNS)?.allowed,
    ).toBe(true);
  });

  it('matches peers by namespace and pod labels together, and ports by number, name and protocol', () => {
    const db = { namespace: 'data', labels: { app: 'pg' }, port: 5432 };
    const toDb = policy('to-db', {
      podSelector: { matchLabels: { app: 'catalog' } },
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': 'data' },
              },
              podSelector: { matchLabels: { app: 'pg' } },
            },
          ],
          ports: [{ port: 5432 }],
        },
      ],
    });
    expect(egressAllowed([toDb], app, db)?.allowed).toBe(true);
    // The Service port is not the backend port: policies see the pod's port.
    expect(egressAllowed([toDb], app, { ...db, port: 4245 })?.allowed).toBe(
      false,
    );
    expect(
      egressAllowed([toDb], app, { ...db, labels: { app: 'redis' } })?.allowed,
    ).toBe(false);
    expect(
      egressAllowed([toDb], app, { ...db, protocol: 'UDP' })?.allowed,
    ).toBe(false);
    // A policy of another namespace, or one whose podSelector does not match, does not apply.
    expect(
      egressAllowed([toDb], { ...app, labels: { app: 'web' } }, db),
    ).toBeUndefined();
  });

  it('reads an empty `to` as every destination and a catch-all ipBlock as the outside world', () => {
    const anyDns = policy('dns-anywhere', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ ports: [{ protocol: 'UDP', port: 53 }] }],
    });
    expect(egressAllowed([anyDns], app, CLUSTER_DNS)?.allowed).toBe(true);
    const world = policy('world', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }],
    });
    expect(egressAllowed([world], app, { port: 443 })?.allowed).toBe(true);
  });
});

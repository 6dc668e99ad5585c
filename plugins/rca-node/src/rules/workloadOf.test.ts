import { FactStore } from '../contracts';
import { KUBERNETES_FACTS } from '../sources/kubernetes/kubeFacts';
import { workloadOf } from './helpers';

const target = (entityRef: string, statefulSets: object[]) => ({
  target: { entityRef },
  deployments: [],
  statefulSets,
  daemonSets: [],
});

describe('workloadOf', () => {
  it("names the component's workload so next steps need no placeholder", () => {
    const facts = new FactStore();
    facts.set(KUBERNETES_FACTS, {
      clusters: [
        {
          cluster: 'prod',
          targets: [
            target('component:default/other', [
              { metadata: { name: 'other', namespace: 'shop' } },
            ]),
            target('component:default/prometheus', [
              { metadata: { name: 'prometheus-k8s', namespace: 'monitoring' } },
            ]),
          ],
        },
      ],
    } as never);
    const ctx = { facts } as never;
    expect(workloadOf(ctx, 'component:default/prometheus')).toEqual({
      namespace: 'monitoring',
      kind: 'StatefulSet',
      name: 'prometheus-k8s',
    });
    // Another namespace asked for: only the namespace is known.
    expect(workloadOf(ctx, 'component:default/prometheus', 'shop')).toEqual({
      namespace: 'shop',
    });
  });
});

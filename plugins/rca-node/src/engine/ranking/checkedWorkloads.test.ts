import { FactStore, type RcaTarget } from '../../contracts';
import {
  KUBERNETES_FACTS,
  type TargetObjects,
} from '../../sources/kubernetes/kubeFacts';
import { checkedWorkloads } from './checkedWorkloads';

describe('checkedWorkloads', () => {
  it("names the component's workloads, a Job by its CronJob, and no dependency's", () => {
    const facts = new FactStore();
    const objects = (role: string, o: Partial<TargetObjects>) =>
      ({
        target: { entityRef: `component:default/${role}`, role } as RcaTarget,
        deployments: [],
        statefulSets: [],
        daemonSets: [],
        jobs: [],
        ...o,
      } as unknown as TargetObjects);
    facts.set(KUBERNETES_FACTS, {
      clusters: [
        {
          cluster: 'prod',
          namespaceWarnings: [],
          nodes: new Map(),
          targets: [
            objects('target', {
              deployments: [{ metadata: { namespace: 'shop', name: 'api' } }],
              jobs: [1, 2].map(i => ({
                metadata: {
                  namespace: 'shop',
                  name: `smoke-2893760${i}`,
                  ownerReferences: [
                    {
                      kind: 'CronJob',
                      name: 'smoke',
                      apiVersion: 'batch/v1',
                      uid: 'u',
                    },
                  ],
                },
              })),
            }),
            objects('dependency', {
              deployments: [{ metadata: { namespace: 'shop', name: 'db' } }],
            }),
          ],
        },
      ],
    });
    expect(checkedWorkloads(facts)).toEqual([
      'CronJob shop/smoke',
      'Deployment shop/api',
    ]);
  });
});

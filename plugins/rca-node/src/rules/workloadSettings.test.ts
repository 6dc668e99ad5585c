import type { RcaTarget } from '../contracts';
import { FactStore } from '../contracts';
import {
  KUBERNETES_FACTS,
  type TargetObjects,
} from '../sources/kubernetes/kubeFacts';
import { workloadSettings } from './workloadSettings';

describe('workloadSettings', () => {
  const facts = new FactStore();
  facts.set(KUBERNETES_FACTS, {
    clusters: [
      {
        cluster: 'prod',
        namespaceWarnings: [],
        nodes: new Map(),
        targets: [
          {
            target: { entityRef: 'component:default/orders' } as RcaTarget,
            configMapContents: [],
            pods: [
              {
                spec: {
                  containers: [
                    {
                      name: 'orders',
                      envFrom: [
                        { configMapRef: { name: 'orders-db-settings' } },
                      ],
                      env: [
                        { name: 'DB_POOL_MAX', value: '2' },
                        { name: 'LOG_LEVEL', value: 'info' },
                        {
                          name: 'DB_MAX_CONNECTIONS_PASSWORD',
                          valueFrom: {
                            secretKeyRef: { name: 'orders-db', key: 'pw' },
                          },
                        },
                      ],
                    },
                  ],
                },
              },
            ],
          } as unknown as TargetObjects,
        ],
      },
    ],
  });

  it('names the pool settings of an exhausted pool, literal values shown, Secret values never read', () => {
    expect(
      workloadSettings(
        { facts },
        'component:default/orders',
        'connection_pool_exhaustion',
      ),
    ).toBe(
      'settings: env from ConfigMap orders-db-settings, DB_POOL_MAX=2, DB_MAX_CONNECTIONS_PASSWORD (from orders-db)',
    );
  });

  it('says nothing for causes without a bounding setting', () => {
    expect(
      workloadSettings({ facts }, 'component:default/orders', 'pvc_disk_full'),
    ).toBeUndefined();
  });
});

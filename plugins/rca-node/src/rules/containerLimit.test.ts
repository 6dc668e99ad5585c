import { FactStore } from '../contracts';
import {
  KUBERNETES_FACTS,
  type TargetObjects,
} from '../sources/kubernetes/kubeFacts';
import { containerLimit } from './containerLimit';

describe('containerLimit', () => {
  const facts = new FactStore();
  facts.set(KUBERNETES_FACTS, {
    clusters: [
      {
        cluster: 'prod',
        namespaceWarnings: [],
        nodes: new Map(),
        targets: [
          {
            pods: [
              {
                metadata: { name: 'api-7d8c-2qk8w', namespace: 'shop' },
                spec: {
                  containers: [
                    {
                      name: 'api',
                      resources: { limits: { cpu: '500m', memory: '768Mi' } },
                    },
                    { name: 'istio-proxy' },
                  ],
                },
              },
            ],
          } as unknown as TargetObjects,
        ],
      },
    ],
  });

  it('names the limit of the container a series is about, as the spec writes it', () => {
    const labels = {
      namespace: 'shop',
      pod: 'api-7d8c-2qk8w',
      container: 'api',
    };
    expect(containerLimit({ facts }, labels, 'cpu')).toBe('500m');
    expect(containerLimit({ facts }, labels, 'memory')).toBe('768Mi');
  });

  it('says nothing for a container without a limit, another namespace or an unknown pod', () => {
    expect(
      containerLimit(
        { facts },
        { namespace: 'shop', pod: 'api-7d8c-2qk8w', container: 'istio-proxy' },
        'memory',
      ),
    ).toBeUndefined();
    expect(
      containerLimit(
        { facts },
        { namespace: 'other', pod: 'api-7d8c-2qk8w', container: 'api' },
        'cpu',
      ),
    ).toBeUndefined();
    expect(
      containerLimit({ facts }, { pod: 'gone', container: 'api' }, 'cpu'),
    ).toBeUndefined();
  });
});

import type { V1Pod } from '@kubernetes/client-node';
import type { RcaTarget } from '../contracts';
import { FactStore } from '../contracts';
import {
  KUBERNETES_FACTS,
  type TargetObjects,
} from '../sources/kubernetes/kubeFacts';
import { crashingPods } from './crashingPods';

function pod(name: string, node: string, crashing: boolean): V1Pod {
  return {
    metadata: { name, namespace: 'shop' },
    spec: {
      nodeName: node,
      containers: [{ name: 'npd', image: 'registry.example/npd:v0.8.14' }],
    },
    status: {
      containerStatuses: [
        {
          name: 'npd',
          image: 'registry.example/npd:v0.8.14',
          imageID: '',
          ready: !crashing,
          restartCount: crashing ? 12 : 0,
          state: crashing
            ? { waiting: { reason: 'CrashLoopBackOff' } }
            : { running: {} },
        },
      ],
    },
  };
}

describe('crashingPods', () => {
  it('names the crash-looping pods of the component with their image and node, not the healthy ones', () => {
    const facts = new FactStore();
    const target = { entityRef: 'component:default/npd' } as RcaTarget;
    facts.set(KUBERNETES_FACTS, {
      clusters: [
        {
          cluster: 'prod',
          namespaceWarnings: [],
          nodes: new Map(),
          targets: [
            {
              target,
              pods: [
                pod('npd-a1', 'arm-node-1', true),
                pod('npd-b2', 'amd-node-1', false),
              ],
            } as unknown as TargetObjects,
          ],
        },
      ],
    });
    expect(crashingPods({ facts }, 'component:default/npd')).toBe(
      'crashing: pod npd-a1 (image registry.example/npd:v0.8.14, node arm-node-1)',
    );
    expect(crashingPods({ facts }, 'component:default/other')).toBeUndefined();
  });
});

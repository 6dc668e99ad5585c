import type { V1Pod } from '@kubernetes/client-node';
import { isSidecar } from './sidecars';

const pod = (spec: V1Pod['spec']): V1Pod => ({ spec });

describe('isSidecar', () => {
  it('knows injected mesh proxies and log shippers next to an app container', () => {
    const p = pod({
      containers: [
        { name: 'checkout', image: 'registry.example/checkout:3.1' },
        { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.22.1' },
        { name: 'logs', image: 'cr.fluentbit.io/fluent/fluent-bit:3.0.4' },
      ],
    });
    expect(isSidecar(p, 'istio-proxy')).toBe(true);
    expect(isSidecar(p, 'logs')).toBe(true);
    expect(isSidecar(p, 'checkout')).toBe(false);
  });

  it('knows native sidecars (init containers that restart always)', () => {
    const p = pod({
      initContainers: [
        { name: 'migrate', image: 'registry.example/migrate:1' },
        {
          name: 'proxy',
          image: 'registry.example/proxy:1',
          restartPolicy: 'Always',
        },
      ],
      containers: [{ name: 'app', image: 'registry.example/app:1' }],
    });
    expect(isSidecar(p, 'proxy')).toBe(true);
    expect(isSidecar(p, 'migrate')).toBe(false);
  });

  it('treats a log shipper that is the workload itself (a DaemonSet of fluent-bit) as the app', () => {
    const p = pod({
      containers: [
        {
          name: 'fluent-bit',
          image: 'cr.fluentbit.io/fluent/fluent-bit:3.0.4',
        },
      ],
    });
    expect(isSidecar(p, 'fluent-bit')).toBe(false);
  });
});

import type { V1Pod } from '@kubernetes/client-node';
import { mountedSource, onlyClaim } from './mountedSource';

const pod: V1Pod = {
  spec: {
    containers: [
      {
        name: 'auth',
        volumeMounts: [
          { name: 'config', mountPath: '/etc/auth' },
          { name: 'tls', mountPath: '/etc/auth/tls/' },
          { name: 'data', mountPath: '/data' },
        ],
      },
    ],
    volumes: [
      { name: 'config', configMap: { name: 'auth-config' } },
      { name: 'tls', secret: { secretName: 'auth-tls' } },
      { name: 'data', emptyDir: {} },
    ],
  },
};

describe('mountedSource', () => {
  it('names the ConfigMap or Secret behind the file a message names, the deepest mount first', () => {
    expect(
      mountedSource(
        pod,
        'auth',
        'failed to load config /etc/auth/config.yaml: yaml: line 3',
      ),
    ).toBe(' (/etc/auth is mounted from ConfigMap auth-config)');
    expect(
      mountedSource(pod, 'auth', 'open /etc/auth/tls/tls.crt: bad PEM'),
    ).toBe(' (/etc/auth/tls/ is mounted from Secret auth-tls)');
  });

  it('says nothing for paths on other volumes, other containers or no path at all', () => {
    expect(mountedSource(pod, 'auth', 'open /data/db: no space left')).toBe('');
    expect(
      mountedSource(pod, 'auth', 'open /etc/authz/x.yaml: not found'),
    ).toBe('');
    expect(mountedSource(pod, 'other', '/etc/auth/config.yaml')).toBe('');
    expect(mountedSource(pod, 'auth', 'config is invalid')).toBe('');
  });
});

describe('mountedSource on a claim', () => {
  it('names the PersistentVolumeClaim behind a path on a full volume (a StatefulSet pod claim)', () => {
    const sts: V1Pod = {
      spec: {
        containers: [
          {
            name: 'db',
            volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql' }],
          },
        ],
        volumes: [
          {
            name: 'data',
            persistentVolumeClaim: { claimName: 'data-orders-db-1' },
          },
        ],
      },
    };
    expect(
      mountedSource(
        sts,
        'db',
        'could not write to file "/var/lib/postgresql/data/pg_wal/xlogtemp.31": No space left on device',
      ),
    ).toBe(
      ' (/var/lib/postgresql is mounted from PersistentVolumeClaim data-orders-db-1)',
    );
  });
});

describe('onlyClaim', () => {
  it("names the pod's claim when it has exactly one, else nothing", () => {
    const withClaims = (...names: string[]): V1Pod => ({
      spec: {
        containers: [],
        volumes: names.map(n => ({
          name: n,
          persistentVolumeClaim: { claimName: n },
        })),
      },
    });
    expect(onlyClaim(withClaims('db-prometheus-0'))).toBe(
      " (the pod's only volume claim is PersistentVolumeClaim db-prometheus-0)",
    );
    expect(onlyClaim(withClaims('a', 'b'))).toBe('');
    expect(onlyClaim(withClaims())).toBe('');
  });
});

import { envReferences } from './envReferences';

describe('envReferences', () => {
  it('names the variables and keys a container reads from a Secret or ConfigMap', () => {
    const container = {
      name: 'server',
      env: [
        {
          name: 'FERNET_KEY',
          valueFrom: {
            secretKeyRef: { name: 'app-secret', key: 'FERNET_KEY' },
          },
        },
        {
          name: 'DB_PASSWORD',
          valueFrom: { secretKeyRef: { name: 'app-secret', key: 'password' } },
        },
        {
          name: 'LOG_LEVEL',
          valueFrom: { configMapKeyRef: { name: 'app-config', key: 'level' } },
        },
        { name: 'PLAIN', value: 'x' },
      ],
      envFrom: [{ secretRef: { name: 'app-secret' }, prefix: 'APP_' }],
    };
    expect(envReferences(container, 'app-secret')).toEqual([
      'FERNET_KEY',
      'DB_PASSWORD (key password)',
      'all keys (envFrom, prefix APP_)',
    ]);
    expect(envReferences(container, 'app-config')).toEqual([
      'LOG_LEVEL (key level)',
    ]);
    expect(envReferences(container, 'other')).toEqual([]);
    expect(envReferences(undefined, 'app-secret')).toEqual([]);
  });
});

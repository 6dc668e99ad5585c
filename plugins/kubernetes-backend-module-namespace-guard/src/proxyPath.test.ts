import { parseProxyPath } from './proxyPath';

describe('parseProxyPath', () => {
  it.each([
    ['/api/v1/namespaces/team-a-prod/pods', 'team-a-prod'],
    ['/api/v1/namespaces/team-a-prod/pods/web-1/log', 'team-a-prod'],
    ['/api/v1/namespaces/team-a-prod', 'team-a-prod'],
    ['/apis/apps/v1/namespaces/payments-prod/deployments/api', 'payments-prod'],
    ['/api/v1/watch/namespaces/payments-prod/pods', 'payments-prod'],
    ['/apis/batch/v1/watch/namespaces/payments-prod/jobs/', 'payments-prod'],
    ['/api/v1/namespaces/payments%2Dprod/pods', 'payments-prod'],
    ['/api/v1/namespaces/Payments-Prod/pods', 'Payments-Prod'],
  ])('%s is namespace %s', (path, namespace) => {
    expect(parseProxyPath(path)).toEqual({ kind: 'namespace', namespace });
  });

  it.each([
    '/api/v1/nodes',
    '/api/v1/pods',
    '/api/v1/namespaces',
    '/apis/apps/v1/deployments',
    '/metrics',
    '/healthz',
  ])('%s is cluster-scoped', path =>
    expect(parseProxyPath(path)).toEqual({ kind: 'cluster' }),
  );

  it.each([
    '/',
    '/api',
    '/api/v1',
    '/apis',
    '/apis/apps',
    '/apis/apps/v1',
    '/version',
  ])('%s is discovery', path =>
    expect(parseProxyPath(path)).toEqual({ kind: 'discovery' }),
  );

  it.each([
    '/api/v1/namespaces/team-a-prod/../payments-prod/pods',
    '/api/v1/namespaces/team-a-prod/%2e%2e/payments-prod/pods',
    '/api/v1/namespaces/./payments-prod/pods',
    '/api/v1/namespaces//pods',
    '/api/v1/namespaces/a%2Fb/pods',
    '/api/v1/namespaces/%E0%A4%A/pods',
  ])('refuses %s', path => {
    expect(() => parseProxyPath(path)).toThrow(/Kubernetes API path/);
  });
});

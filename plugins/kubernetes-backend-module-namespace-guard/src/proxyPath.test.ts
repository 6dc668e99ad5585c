import { classifyProxyRequest, parseProxyPath } from './proxyPath';

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

const ns = (namespace: string) => ({ kind: 'namespace', namespace });
const cluster = { kind: 'cluster' };

/** Method and path of requests that only read. */
const READS: Array<[string, string]> = [
  ['GET', '/api/v1/namespaces/payments-prod/pods'],
  ['GET', '/api/v1/namespaces/payments-prod/pods/x/log'],
  ['HEAD', '/apis/apps/v1/namespaces/payments-prod/deployments/payments'],
  ['OPTIONS', '/api/v1/namespaces/payments-prod/pods'],
  ['get', '/api/v1/watch/namespaces/payments-prod/pods'],
  // a pod or deployment named like a subresource is still read
  ['GET', '/api/v1/namespaces/payments-prod/pods/exec'],
  ['GET', '/apis/apps/v1/namespaces/proxy/deployments/attach'],
  ['GET', '/api/v1/nodes'],
  ['GET', '/api/v1'],
];

/** Method, path, the write it is, and where it writes. */
const WRITES: Array<[string, string, string, object]> = [
  [
    'DELETE',
    '/api/v1/namespaces/payments-prod/pods/x',
    'DELETE',
    ns('payments-prod'),
  ],
  [
    'PATCH',
    '/apis/apps/v1/namespaces/payments-prod/deployments/payments',
    'PATCH',
    ns('payments-prod'),
  ],
  [
    'PUT',
    '/apis/apps/v1/namespaces/payments-prod/deployments/payments/scale',
    'PUT',
    ns('payments-prod'),
  ],
  [
    'POST',
    '/api/v1/namespaces/payments-prod/secrets',
    'POST',
    ns('payments-prod'),
  ],
  [
    'post',
    '/api/v1/namespaces/payments-prod/pods/x/eviction',
    'POST',
    ns('payments-prod'),
  ],
  // the Namespace object itself: deleting it removes everything in it, admins only
  ['DELETE', '/api/v1/namespaces/payments-prod', 'DELETE', cluster],
  ['PATCH', '/api/v1/namespaces/payments-prod', 'PATCH', cluster],
  [
    'POST',
    '/api/v1/namespaces/payments-prod/pods/x/exec',
    'POST exec',
    ns('payments-prod'),
  ],
  [
    'GET',
    '/api/v1/namespaces/payments-prod/pods/x/exec',
    'GET exec',
    ns('payments-prod'),
  ],
  [
    'GET',
    '/api/v1/namespaces/payments-prod/pods/x/attach',
    'GET attach',
    ns('payments-prod'),
  ],
  [
    'GET',
    '/api/v1/namespaces/payments-prod/pods/x/portforward',
    'GET portforward',
    ns('payments-prod'),
  ],
  [
    'GET',
    '/api/v1/namespaces/payments-prod/pods/x:8080/proxy/admin',
    'GET proxy',
    ns('payments-prod'),
  ],
  [
    'GET',
    '/api/v1/namespaces/payments-prod/services/api/proxy/',
    'GET proxy',
    ns('payments-prod'),
  ],
  [
    'GET',
    '/api/v1/namespaces/payments-prod/pods/x/%65xec',
    'GET exec',
    ns('payments-prod'),
  ],
  [
    'GET',
    '/api/v1/namespaces/payments-prod/pods/x/EXEC',
    'GET exec',
    ns('payments-prod'),
  ],
  ['DELETE', '/api/v1/nodes/node-1', 'DELETE', cluster],
  ['POST', '/api/v1/namespaces', 'POST', cluster],
  ['GET', '/api/v1/nodes/node-1/proxy/metrics', 'GET proxy', cluster],
  [
    'GET',
    '/api/v1/proxy/namespaces/payments-prod/pods/x',
    'GET proxy',
    cluster,
  ],
  // a write never passes as discovery
  ['POST', '/api/v1', 'POST', cluster],
  ['DELETE', '/version', 'DELETE', cluster],
];

describe('classifyProxyRequest', () => {
  it.each(READS)('%s %s is a read', (method, path) => {
    const r = classifyProxyRequest(method, path);
    expect(r.write).toBeUndefined();
    expect(r.target).toEqual(parseProxyPath(path));
  });

  it.each(WRITES)('%s %s is a write (%s)', (method, path, write, target) => {
    expect(classifyProxyRequest(method, path)).toEqual({ target, write });
  });

  it('refuses dot segments before deciding anything', () => {
    expect(() =>
      classifyProxyRequest(
        'DELETE',
        '/api/v1/namespaces/team-a/../payments-prod/pods/x',
      ),
    ).toThrow(/Kubernetes API path/);
  });
});

import {
  entityPath,
  parseQuery,
  queryLink,
  victoriaLogsQuery,
  victoriaMetricsGraph,
} from './deepLinks';

const window = {
  from: '2026-12-07T20:07:56.000Z',
  to: '2026-12-07T21:07:56.000Z',
};

describe('deep links', () => {
  it('splits a report query into its source and the exact query', () => {
    expect(parseQuery('victoriametrics: sum(rate(x{a="b: c"}[2m]))')).toEqual({
      source: 'victoriametrics',
      query: 'sum(rate(x{a="b: c"}[2m]))',
    });
    expect(
      parseQuery('kubernetes demo: GET /api/v1/namespaces/p/events'),
    ).toEqual({
      source: 'kubernetes',
      query: 'GET /api/v1/namespaces/p/events',
    });
  });

  it('carries the exact query and the window to vmui and VictoriaLogs', () => {
    const q = 'sum by (pod) (increase(x{pod=~"p-.*"}[120s]))';
    const vm = victoriaMetricsGraph('http://vm:8428/', q, window);
    expect(vm.startsWith('http://vm:8428/vmui/#/?')).toBe(true);
    const params = new URLSearchParams(vm.split('#/?')[1]);
    expect(params.get('g0.expr')).toBe(q);
    expect(params.get('g0.range_input')).toBe('60m');
    expect(params.get('g0.end_input')).toBe('2026-12-07T21:07:56');
    const vl = victoriaLogsQuery(
      'http://vl:9428',
      '{a="b"} | stats count()',
      window,
    );
    expect(new URLSearchParams(vl.split('#/?')[1]).get('query')).toBe(
      '{a="b"} | stats count()',
    );
    expect(vl.startsWith('http://vl:9428/select/vmui/#/?')).toBe(true);
  });

  it('links nothing when the source has no configured UI', () => {
    expect(
      queryLink({ source: 'victoriametrics', query: 'up' }, {}, window),
    ).toBeUndefined();
    expect(
      queryLink(
        { source: 'kubernetes', query: 'GET /' },
        { victoriaMetricsUrl: 'http://vm' },
        window,
      ),
    ).toBeUndefined();
  });

  it('builds the catalog path of an entity', () => {
    expect(entityPath('component:default/payments')).toBe(
      '/catalog/default/component/payments',
    );
  });
});

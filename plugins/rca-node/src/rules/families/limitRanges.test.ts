import { boundingLimitRanges, limitRangeBounds } from './limitRanges';

// Messages as Kubernetes' LimitRanger admission plugin writes them.
const MAX =
  'pods "agent-0" is forbidden: maximum memory usage per Container is 1Gi, but limit is 2Gi';
const MIN =
  'pods "web-1" is forbidden: [minimum cpu usage per Pod is 100m, but request is 50m, cpu max limit to request ratio per Container is 2, but provided ratio is 4.000000]';

const limitRange = (name: string, namespace: string, limits: object[]) =>
  ({ metadata: { name, namespace }, spec: { limits } } as never);

describe('limitRangeBounds', () => {
  it('reads every bound a LimitRanger refusal quotes', () => {
    expect(limitRangeBounds(MAX)).toEqual([
      { bound: 'max', resource: 'memory', type: 'Container' },
    ]);
    expect(limitRangeBounds(MIN)).toEqual([
      { bound: 'min', resource: 'cpu', type: 'Pod' },
      { bound: 'maxLimitRequestRatio', resource: 'cpu', type: 'Container' },
    ]);
  });

  it('reads nothing from a ResourceQuota refusal', () => {
    expect(
      limitRangeBounds(
        'pods "x" is forbidden: exceeded quota: team, requested: cpu=1, used: cpu=4, limited: cpu=4',
      ),
    ).toEqual([]);
  });
});

describe('boundingLimitRanges', () => {
  const ranges = [
    limitRange('mem-bounds', 'shop', [
      {
        type: 'Container',
        max: { memory: '1Gi' },
        default: { memory: '512Mi' },
      },
    ]),
    limitRange('cpu-bounds', 'shop', [
      { type: 'Container', max: { cpu: '2' } },
    ]),
    limitRange('mem-bounds-elsewhere', 'other', [
      { type: 'Container', max: { memory: '1Gi' } },
    ]),
  ];

  it('names the LimitRange in the namespace that sets the quoted bound, with its value', () => {
    const found = boundingLimitRanges(ranges, 'shop', MAX);
    expect(found.map(f => f.limitRange.metadata?.name)).toEqual(['mem-bounds']);
    expect(found[0].bounds).toEqual(['Container max memory=1Gi']);
  });

  it('names none when no LimitRange sets that bound for that type', () => {
    expect(
      boundingLimitRanges(
        ranges,
        'shop',
        'pods "p" is forbidden: maximum memory usage per Pod is 1Gi, but limit is 2Gi',
      ),
    ).toEqual([]);
  });
});

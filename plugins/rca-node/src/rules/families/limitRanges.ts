import type { V1LimitRange, V1LimitRangeItem } from '@kubernetes/client-node';

/**
 * One bound a LimitRange refusal quotes. Kubernetes' LimitRanger admission writes
 * `maximum <resource> usage per <Type> is <max>, but limit is <limit>`,
 * `minimum <resource> usage per <Type> is <min>, but request is <request>` and
 * `<resource> max limit to request ratio per <Type> is <ratio>, ...`.
 */
export interface LimitRangeBound {
  bound: 'max' | 'min' | 'maxLimitRequestRatio';
  resource: string;
  type: string;
}

const BOUND =
  /\b(maximum|minimum) ([\w.\/-]+) usage per (\w+) is|\b([\w.\/-]+) max limit to request ratio per (\w+) is/g;

/** The bounds a refusal message quotes, in order; none when it is not a LimitRange refusal. */
export function limitRangeBounds(text: string): LimitRangeBound[] {
  return [...text.matchAll(BOUND)].map(m =>
    m[1]
      ? {
          bound: m[1] === 'maximum' ? 'max' : 'min',
          resource: m[2],
          type: m[3],
        }
      : { bound: 'maxLimitRequestRatio', resource: m[4], type: m[5] },
  );
}

function sets(item: V1LimitRangeItem, b: LimitRangeBound): boolean {
  return item.type === b.type && item[b.bound]?.[b.resource] !== undefined;
}

/** The items of a LimitRange that set one of the quoted bounds, as `Container max memory=1Gi`. */
export function boundsSet(
  lr: V1LimitRange,
  bounds: LimitRangeBound[],
): string[] {
  return (lr.spec?.limits ?? []).flatMap(item =>
    bounds
      .filter(b => sets(item, b))
      .map(
        b =>
          `${b.type} ${b.bound} ${b.resource}=${item[b.bound]?.[b.resource]}`,
      ),
  );
}

/**
 * The LimitRanges in `namespace` that set a bound the refusal quotes: admission names the bound
 * but not the object, and a responder needs the object to change it.
 */
export function boundingLimitRanges(
  limitRanges: V1LimitRange[],
  namespace: string | undefined,
  text: string,
): Array<{ limitRange: V1LimitRange; bounds: string[] }> {
  const quoted = limitRangeBounds(text);
  if (!quoted.length) return [];
  return limitRanges
    .filter(lr => lr.metadata?.namespace === namespace)
    .map(limitRange => ({ limitRange, bounds: boundsSet(limitRange, quoted) }))
    .filter(x => x.bounds.length > 0);
}

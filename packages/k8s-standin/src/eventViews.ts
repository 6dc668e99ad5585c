import type { KubeObject } from './scenario';

/*
 * core/v1 and events.k8s.io/v1 Events are one stored object seen through two versions, converted
 * field by field as kubernetes/kubernetes pkg/apis/events/v1/conversion.go does: an event written
 * through events.k8s.io (eventTime, series) has no count/lastTimestamp in the core/v1 view unless
 * its writer set the deprecated* fields.
 */

const drop = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** An events.k8s.io/v1 Event as stored (core/v1 shape). Core events pass through. */
export function toCoreEvent(o: KubeObject): KubeObject {
  if (!String(o.apiVersion ?? '').startsWith('events.k8s.io/')) return o;
  const {
    regarding,
    note,
    reportingController,
    deprecatedSource,
    deprecatedFirstTimestamp,
    deprecatedLastTimestamp,
    deprecatedCount,
    apiVersion: _v1,
    ...rest
  } = o;
  return drop({
    ...rest,
    apiVersion: 'v1',
    involvedObject: regarding ?? {},
    message: note,
    reportingComponent: reportingController,
    source: deprecatedSource,
    firstTimestamp: deprecatedFirstTimestamp,
    lastTimestamp: deprecatedLastTimestamp,
    count: deprecatedCount,
  }) as KubeObject;
}

/** The events.k8s.io/v1 view of a stored (core/v1) Event. */
export function toEventsV1(o: KubeObject): KubeObject {
  const {
    involvedObject,
    message,
    reportingComponent,
    source,
    firstTimestamp,
    lastTimestamp,
    count,
    apiVersion: _v1,
    ...rest
  } = o;
  return drop({
    ...rest,
    apiVersion: 'events.k8s.io/v1',
    regarding: involvedObject,
    note: message,
    reportingController: reportingComponent,
    deprecatedSource: source,
    deprecatedFirstTimestamp: firstTimestamp,
    deprecatedLastTimestamp: lastTimestamp,
    deprecatedCount: count,
  }) as KubeObject;
}

import type { KubeObject } from '@internal/k8s-standin';

/**
 * One k8sgpt `Result` failure: the analyzer that raised it, the object (`Kind ns/name`), the failure
 * text as k8sgpt words it, and the labels of the object it is about (the operator copies
 * `backstage.io/kubernetes-id` from them, which is how Backstage shows Results per entity).
 */
export interface Flag {
  analyzer: string;
  kind: string;
  name: string;
  text: string;
  labels: Record<string, string>;
}

export type Obj = Record<string, any>;

/** The objects of one cluster, by kind, with the events indexed by the object they are about. */
export interface ClusterView {
  all: KubeObject[];
  of(kind: string): Obj[];
  /** Events about `kind`/`name`, newest first. */
  eventsOf(kind: string, name: string, namespace?: string): Obj[];
}

function lastSeen(e: Obj): number {
  const t =
    e.series?.lastObservedTime ??
    e.lastTimestamp ??
    e.eventTime ??
    e.metadata?.creationTimestamp;
  return t ? Date.parse(t) : 0;
}

export function clusterView(objects: KubeObject[]): ClusterView {
  const byKind = new Map<string, Obj[]>();
  for (const o of objects)
    byKind.set(o.kind, [...(byKind.get(o.kind) ?? []), o as Obj]);
  const events = (byKind.get('Event') ?? [])
    .slice()
    .sort((a, b) => lastSeen(b) - lastSeen(a));
  return {
    all: objects,
    of: kind => byKind.get(kind) ?? [],
    eventsOf: (kind, name, namespace) =>
      events.filter(
        e =>
          (e.involvedObject?.kind ?? e.regarding?.kind) === kind &&
          (e.involvedObject?.name ?? e.regarding?.name) === name &&
          (!namespace ||
            (e.involvedObject?.namespace ?? e.regarding?.namespace) ===
              undefined ||
            (e.involvedObject?.namespace ?? e.regarding?.namespace) ===
              namespace),
      ),
  };
}

export const nsName = (o: Obj) =>
  o.metadata?.namespace
    ? `${o.metadata.namespace}/${o.metadata.name}`
    : o.metadata?.name;

export function flag(analyzer: string, o: Obj, text: string): Flag {
  return {
    analyzer,
    kind: o.kind,
    name: nsName(o),
    text,
    labels: o.metadata?.labels ?? {},
  };
}

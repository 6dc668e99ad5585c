import type { ClusterSnapshot } from './kubeFacts';
import { eventTime, inWindow } from './kubeFacts';
import type { ClusterReader } from './ClusterReader';

/** Nodes the pods ran on, and cluster-scoped classes only when something refers to them. */
export async function readClusterObjects(
  reader: ClusterReader,
  snapshot: ClusterSnapshot,
): Promise<void> {
  const { api } = reader;
  const nodeNames = new Set(
    snapshot.targets.flatMap(t =>
      t.pods.map(p => p.spec?.nodeName).filter((n): n is string => !!n),
    ),
  );
  await Promise.all(
    [...nodeNames].map(async name => {
      const node = await reader.call(`read node ${name}`, () =>
        api.core.readNode({ name }),
      );
      if (node) snapshot.nodes.set(name, node);
    }),
  );
  await readNeighbours(reader, snapshot);
  if (snapshot.targets.some(t => t.daemonSets.length))
    snapshot.allNodes = await reader.listAll('list nodes', p =>
      api.core.listNode(p),
    );
  if (snapshot.targets.some(t => t.ingresses.length)) {
    const classes = await reader.listAll('list ingressclasses', p =>
      api.networking.listIngressClass(p),
    );
    if (classes)
      snapshot.ingressClasses = new Set(
        classes.map(c => c.metadata?.name ?? ''),
      );
  }
  if (
    snapshot.targets.some(t => t.pvcs.some(p => p.status?.phase === 'Pending'))
  ) {
    const classes = await reader.listAll('list storageclasses', p =>
      api.storage.listStorageClass(p),
    );
    if (classes)
      snapshot.storageClasses = new Set(
        classes.map(c => c.metadata?.name ?? ''),
      );
  }
}

const PRESSURE = new Set(['MemoryPressure', 'DiskPressure']);

/**
 * The pods on each node under pressure, in the namespaces already read for the targets (a field
 * selector per node and namespace; never all namespaces): the kubelet evicts by usage, so the
 * neighbour that grew is what a responder looks for.
 */
async function readNeighbours(
  reader: ClusterReader,
  snapshot: ClusterSnapshot,
): Promise<void> {
  const pressured = [...snapshot.nodes].filter(([, n]) =>
    (n.status?.conditions ?? []).some(
      c => PRESSURE.has(c.type) && c.status === 'True',
    ),
  );
  if (!pressured.length) return;
  const namespaces = [...new Set(snapshot.targets.flatMap(t => t.namespaces))];
  snapshot.neighbours = new Map();
  for (const [name] of pressured) {
    const lists = await Promise.all(
      namespaces.map(namespace =>
        reader.listAll(
          `list pods on node ${name} in namespace ${namespace}`,
          p =>
            reader.api.core.listNamespacedPod({
              namespace,
              fieldSelector: `spec.nodeName=${name}`,
              ...p,
            }),
        ),
      ),
    );
    snapshot.neighbours.set(
      name,
      lists.flatMap(l => l ?? []),
    );
  }
}

/** Warning events in the same namespaces about objects no target owns: kept, ranked as noise. */
export async function readNamespaceWarnings(
  reader: ClusterReader,
  snapshot: ClusterSnapshot,
  window: { from: Date; to: Date },
  lookbackMs: number,
): Promise<void> {
  const owned = new Set(
    snapshot.targets.flatMap(t =>
      t.events.map(e => e.metadata?.uid ?? e.metadata?.name),
    ),
  );
  for (const ns of new Set(snapshot.targets.flatMap(t => t.namespaces))) {
    for (const e of (await reader.eventsIn(ns)) ?? []) {
      if (
        e.type === 'Warning' &&
        !owned.has(e.metadata?.uid ?? e.metadata?.name) &&
        inWindow(eventTime(e), window, lookbackMs)
      ) {
        snapshot.namespaceWarnings.push(e);
      }
    }
  }
}

import type { ClusterSnapshot } from './kubeFacts';
import { eventTime, inWindow } from './kubeFacts';
import type { CollectorContext } from '../../contracts';
import type { ClusterReader } from './ClusterReader';

/** Nodes the pods ran on, and cluster-scoped classes only when something refers to them. */
export async function readClusterObjects(
  reader: ClusterReader,
  snapshot: ClusterSnapshot,
  mayRead?: CollectorContext['mayRead'],
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
  await readAllNodes(reader, snapshot, mayRead);
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

/**
 * Every node, when a target runs a DaemonSet and the requester may read the cluster scope (the
 * policy's `<cluster>/` ref, admins by default): nodes no pod of theirs runs on are not theirs to
 * see. Reduced at once to names, labels and taints.
 */
async function readAllNodes(
  reader: ClusterReader,
  snapshot: ClusterSnapshot,
  mayRead: CollectorContext['mayRead'],
): Promise<void> {
  if (!mayRead || !snapshot.targets.some(t => t.daemonSets.length)) return;
  const [clusterScope] = await mayRead([
    { cluster: reader.name, namespace: '' },
  ]);
  if (!clusterScope) return;
  const nodes = await reader.listAll('list nodes', p =>
    reader.api.core.listNode(p),
  );
  snapshot.allNodes = (nodes ?? []).map(n => ({
    metadata: { name: n.metadata?.name, labels: n.metadata?.labels },
    spec: { taints: n.spec?.taints },
  }));
}

/**
 * The pods on each node under memory pressure, in the namespaces already read for the targets (a
 * field selector per node and namespace; never all namespaces): the kubelet evicts by usage, so
 * the neighbour that grew is what a responder looks for. (Disk pressure is left out: hardly any
 * pod sets an ephemeral-storage limit, so every one would be named.)
 */
async function readNeighbours(
  reader: ClusterReader,
  snapshot: ClusterSnapshot,
): Promise<void> {
  const pressured = [...snapshot.nodes.keys()].filter(name =>
    (snapshot.nodes.get(name)?.status?.conditions ?? []).some(
      c => c.type === 'MemoryPressure' && c.status === 'True',
    ),
  );
  if (!pressured.length) return;
  const namespaces = [...new Set(snapshot.targets.flatMap(t => t.namespaces))];
  const onNode = (name: string) =>
    Promise.all(
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
    ).then(lists => lists.flatMap(l => l ?? []));
  const found = await Promise.all(pressured.map(onNode));
  snapshot.neighbours = new Map(pressured.map((n, i) => [n, found[i]]));
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

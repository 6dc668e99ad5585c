import { apiVersionOf, type ResourceType } from './resources';

/** What `kubectl version` reads: the stand-in reports the API version it imitates. */
export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0',
  gitCommit: 'stand-in',
  gitTreeState: 'clean',
  buildDate: '2024-12-11T00:00:00Z',
  goVersion: 'go1.23.3',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/**
 * The discovery documents for the types served (`/api`, `/apis`, `/api/v1`, `/apis/<g>/<v>`),
 * or undefined when `path` is none of them.
 */
export function discovery(
  path: string,
  types: ResourceType[],
): unknown | undefined {
  if (path === '/version') return VERSION_INFO;
  if (path === '/api')
    return {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [
        { clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' },
      ],
    };
  if (path === '/apis') return groupList(types);
  const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
  if (!m) return undefined;
  const group = m[2] ?? '';
  const version = m[1] ?? m[3];
  const resources = types.filter(
    t => t.group === group && t.version === version,
  );
  if (!resources.length) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf({ group, version }),
    resources: resources.map(t => ({
      name: t.plural,
      singularName: t.kind.toLowerCase(),
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: ['get', 'list'],
    })),
  };
}

function groupList(types: ResourceType[]) {
  const groups = new Map<string, Set<string>>();
  for (const t of types) {
    if (!t.group) continue;
    const versions = groups.get(t.group) ?? new Set<string>();
    versions.add(t.version);
    groups.set(t.group, versions);
  }
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups].map(([name, versions]) => {
      const list = [...versions].map(version => ({
        groupVersion: `${name}/${version}`,
        version,
      }));
      return { name, versions: list, preferredVersion: list[0] };
    }),
  };
}

import {
  type CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { ZitadelRoleGrant } from './claims';

/** How ZITADEL project roles become Backstage groups (the same in sign-in and in the sync). */
export interface ZitadelRoleMapping {
  /** Namespace of the groups named after roles. Default `default`. */
  defaultNamespace?: string;
  /** `group` (default): a role not listed in `roles` becomes `group:<namespace>/<role>`; `ignore`: it gives nothing. */
  unmappedRoles?: 'group' | 'ignore';
  /** Only roles granted in these organizations count. */
  organizationIds?: string[];
  /** Explicit mappings; a role listed here gives exactly these groups. */
  roles?: Array<{
    role: string;
    groups: string[];
    /** Only grants from these organizations count for this role. */
    organizationIds?: string[];
  }>;
}

/**
 * An entity name from a ZITADEL role key or user name (the default group name of a role, and
 * the name of a synced user). They may hold spaces, `@` and upper case; entity names may not,
 * so they are lower-cased and every run of other characters becomes one `-`.
 */
export function toEntityName(roleKey: string): string | undefined {
  const name = roleKey
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[-_.]+|[-_.]+$/g, '')
    .slice(0, 63)
    .replace(/[-_.]+$/, '');
  return name || undefined;
}

/** Reads a `roleMapping` config block. */
export function readRoleMapping(config?: Config): ZitadelRoleMapping {
  if (!config) return {};
  const unmapped = config.getOptionalString('unmappedRoles');
  if (unmapped !== undefined && unmapped !== 'group' && unmapped !== 'ignore') {
    throw new InputError(
      `roleMapping.unmappedRoles must be 'group' or 'ignore', got '${unmapped}'`,
    );
  }
  return {
    defaultNamespace: config.getOptionalString('defaultNamespace'),
    unmappedRoles: unmapped,
    organizationIds: config.getOptionalStringArray('organizationIds'),
    roles: config.getOptionalConfigArray('roles')?.map(r => ({
      role: r.getString('role'),
      groups: r.getStringArray('groups'),
      organizationIds: r.getOptionalStringArray('organizationIds'),
    })),
  };
}

function groupRef(ref: string, defaultNamespace: string, where: string) {
  let parsed: CompoundEntityRef;
  try {
    parsed = parseEntityRef(ref, { defaultKind: 'group', defaultNamespace });
  } catch (e) {
    throw new InputError(`${where}: '${ref}' is not an entity ref`);
  }
  if (parsed.kind.toLocaleLowerCase('en-US') !== 'group') {
    throw new InputError(`${where}: '${ref}' is not a group ref`);
  }
  return stringifyEntityRef(parsed);
}

/** Maps a user's role grants to group refs. */
export class RoleGroupMapper {
  private constructor(
    private readonly namespace: string,
    private readonly unmapped: 'group' | 'ignore',
    private readonly orgIds: Set<string> | undefined,
    private readonly explicit: Map<
      string,
      { groups: string[]; orgIds?: Set<string> }
    >,
  ) {}

  static create(mapping: ZitadelRoleMapping = {}): RoleGroupMapper {
    const namespace = mapping.defaultNamespace ?? 'default';
    const explicit = new Map<
      string,
      { groups: string[]; orgIds?: Set<string> }
    >();
    (mapping.roles ?? []).forEach((r, i) => {
      const where = `roleMapping.roles[${i}]`;
      if (!r.role) throw new InputError(`${where}.role is empty`);
      if (explicit.has(r.role)) {
        throw new InputError(`${where}: role '${r.role}' is mapped twice`);
      }
      explicit.set(r.role, {
        groups: r.groups.map(g => groupRef(g, namespace, `${where}.groups`)),
        orgIds: r.organizationIds && new Set(r.organizationIds),
      });
    });
    return new RoleGroupMapper(
      namespace,
      mapping.unmappedRoles ?? 'group',
      mapping.organizationIds && new Set(mapping.organizationIds),
      explicit,
    );
  }

  /** The groups one role gives, before organization scoping. */
  groupsOfRole(roleKey: string): string[] {
    const mapped = this.explicit.get(roleKey);
    if (mapped) return mapped.groups;
    const name = this.unmapped === 'group' && toEntityName(roleKey);
    return name
      ? [stringifyEntityRef({ kind: 'group', namespace: this.namespace, name })]
      : [];
  }

  /** The sorted, distinct groups a user's role grants give. */
  groupsFor(grants: ZitadelRoleGrant[]): string[] {
    const refs = new Set<string>();
    for (const grant of grants) {
      const allowed = this.explicit.get(grant.roleKey)?.orgIds;
      const counts = (id: string) =>
        (!this.orgIds || this.orgIds.has(id)) && (!allowed || allowed.has(id));
      const scoped = this.orgIds || allowed;
      if (scoped && !grant.orgIds.some(counts)) continue;
      this.groupsOfRole(grant.roleKey).forEach(r => refs.add(r));
    }
    return [...refs].sort();
  }
}

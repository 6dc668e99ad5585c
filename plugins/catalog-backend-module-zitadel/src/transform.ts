import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  type GroupEntity,
  parseEntityRef,
  type UserEntity,
} from '@backstage/catalog-model';
import {
  RoleGroupMapper,
  toEntityName,
  ZITADEL_LOGIN_NAME_ANNOTATION,
  ZITADEL_ORG_ID_ANNOTATION,
  ZITADEL_PROJECT_ID_ANNOTATION,
  ZITADEL_ROLE_KEYS_ANNOTATION,
  ZITADEL_USER_ID_ANNOTATION,
  type ZitadelRoleGrant,
} from '@internal/plugin-zitadel-common';
import type {
  ZitadelProjectRole,
  ZitadelUser,
  ZitadelUserGrant,
} from './ZitadelManagementClient';

export interface OrgSnapshot {
  orgId: string;
  users: ZitadelUser[];
  grants: ZitadelUserGrant[];
}

type ToEntitiesOptions = {
  baseUrl: string;
  projectId: string;
  userNamespace: string;
  mapper: RoleGroupMapper;
  roles: ZitadelProjectRole[];
  orgs: OrgSnapshot[];
};

function annotationsFor(loc: string) {
  return {
    [ANNOTATION_LOCATION]: loc,
    [ANNOTATION_ORIGIN_LOCATION]: loc,
  };
}

/**
 * Users and Groups from one consistent read: a Group per role (named by the role mapping), and a
 * User per active human with its active grants as `memberOf`. Entity names come from user names;
 * a clash (same name in two orgs) gets the user id's last digits appended.
 */
export function toEntities(o: ToEntitiesOptions): {
  users: UserEntity[];
  groups: GroupEntity[];
  renamed: string[];
} {
  const groups = toGroups(o);
  const known = new Set(groups.map(g => g.ref));
  const users: UserEntity[] = [];
  const taken = new Set<string>();
  const renamed: string[] = [];
  const all = o.orgs
    .flatMap(org => org.users.map(user => ({ org, user })))
    .sort((a, b) => a.user.id.localeCompare(b.user.id));
  for (const { org, user } of all) {
    const base = toEntityName(user.userName.split('@')[0]) ?? 'user';
    let name = base;
    if (taken.has(name)) {
      name = `${base.slice(0, 55)}-${user.id.slice(-6)}`;
      renamed.push(`${user.userName} (${user.id}) → ${name}`);
    }
    taken.add(name);
    // A grant of a role the project no longer has gives no membership.
    const memberOf = o.mapper
      .groupsFor(activeGrants(org, user.id))
      .filter(ref => known.has(ref));
    users.push(toUser(o, org, user, name, memberOf));
  }
  return { users, groups: groups.map(g => g.entity), renamed };
}

/** A Group per mapped group ref, holding every role that maps to it; with the ref, in order. */
function toGroups(
  o: ToEntitiesOptions,
): Array<{ ref: string; entity: GroupEntity }> {
  const location = `url:${o.baseUrl}/ui/console/projects/${o.projectId}`;
  const byGroup = new Map<string, ZitadelProjectRole[]>();
  for (const role of o.roles) {
    for (const ref of o.mapper.groupsOfRole(role.key)) {
      byGroup.set(ref, [...(byGroup.get(ref) ?? []), role]);
    }
  }
  return [...byGroup].map(([ref, roles]) => {
    const { namespace, name } = parseEntityRef(ref);
    const entity: GroupEntity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name,
        namespace,
        description: `ZITADEL project role${roles.length > 1 ? 's' : ''} ${roles
          .map(r => r.key)
          .join(', ')}`,
        annotations: {
          ...annotationsFor(location),
          [ZITADEL_PROJECT_ID_ANNOTATION]: o.projectId,
          [ZITADEL_ROLE_KEYS_ANNOTATION]: roles.map(r => r.key).join(','),
        },
      },
      spec: {
        type: 'team',
        profile: {
          displayName:
            roles.length === 1 ? roles[0].displayName || roles[0].key : name,
        },
        children: [],
      },
    };
    return { ref, entity };
  });
}

/** The user's active grants in this org, one entry per role key. */
function activeGrants(org: OrgSnapshot, userId: string): ZitadelRoleGrant[] {
  return org.grants
    .filter(
      g =>
        g.userId === userId &&
        (g.state ?? 'USER_GRANT_STATE_ACTIVE') === 'USER_GRANT_STATE_ACTIVE',
    )
    .flatMap(g =>
      (g.roleKeys ?? []).map(roleKey => ({
        roleKey,
        orgIds: [g.orgId ?? org.orgId],
      })),
    );
}

function toUser(
  o: ToEntitiesOptions,
  org: OrgSnapshot,
  user: ZitadelUser,
  name: string,
  memberOf: string[],
): UserEntity {
  const profile = user.human?.profile ?? {};
  const email = user.human?.email;
  const displayName =
    profile.displayName ||
    [profile.firstName, profile.lastName].filter(Boolean).join(' ') ||
    user.userName;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name,
      namespace: o.userNamespace,
      annotations: {
        ...annotationsFor(`url:${o.baseUrl}/ui/console/users/${user.id}`),
        [ZITADEL_USER_ID_ANNOTATION]: user.id,
        [ZITADEL_LOGIN_NAME_ANNOTATION]:
          user.preferredLoginName ?? user.userName,
        [ZITADEL_ORG_ID_ANNOTATION]: org.orgId,
      },
    },
    spec: {
      profile: {
        displayName,
        // Only a verified address: sign-in may match users by email.
        ...(email?.email && email.isEmailVerified && { email: email.email }),
      },
      memberOf,
    },
  };
}

/** The instance data the stand-in serves, in ZITADEL's own terms. */
export interface StandInOrg {
  id: string;
  name: string;
  /** Primary domain; role claims carry it as `{ orgId: domain }`. */
  domain: string;
}

export interface StandInUser {
  id: string;
  /** The organization that owns the user (its resource owner). */
  orgId: string;
  userName: string;
  firstName: string;
  lastName: string;
  email: string;
  emailVerified?: boolean;
  /** Only used by the login page. */
  password?: string;
  state?: 'USER_STATE_ACTIVE' | 'USER_STATE_INACTIVE' | 'USER_STATE_LOCKED';
  type?: 'TYPE_HUMAN' | 'TYPE_MACHINE';
}

export interface StandInProject {
  id: string;
  name: string;
  /** The organization that owns the project and defines its roles. */
  orgId: string;
  roles: Array<{ key: string; displayName?: string; group?: string }>;
}

/** A user grant (authorization): roles of one project given to one user, made in one org. */
export interface StandInGrant {
  id: string;
  userId: string;
  projectId: string;
  /** The organization the grant lives in; ZITADEL reports it in role claims. */
  orgId: string;
  roleKeys: string[];
}

/** An OIDC application of a project. */
export interface StandInClient {
  clientId: string;
  clientSecret: string;
  projectId: string;
  redirectUris: string[];
}

/** A machine user's credentials for the Management API. */
export interface StandInServiceAccount {
  userId: string;
  /** The organization whose data it may read (unless `instanceWide`). */
  orgId: string;
  instanceWide?: boolean;
  /** Personal access tokens. */
  pats?: string[];
  /** Public keys (PEM, SPKI) of its JSON keys, by key id: the JWT profile grant checks them. */
  keys?: Record<string, string>;
}

export interface ZitadelDirectory {
  orgs: StandInOrg[];
  users: StandInUser[];
  projects: StandInProject[];
  grants: StandInGrant[];
  clients: StandInClient[];
  serviceAccounts: StandInServiceAccount[];
}

/** The role claim value for one user and project: `{ roleKey: { orgId: orgDomain } }`. */
export function roleClaim(
  dir: ZitadelDirectory,
  userId: string,
  projectId: string,
): Record<string, Record<string, string>> {
  const claim: Record<string, Record<string, string>> = {};
  for (const grant of dir.grants) {
    if (grant.userId !== userId || grant.projectId !== projectId) continue;
    const org = dir.orgs.find(o => o.id === grant.orgId);
    for (const key of grant.roleKeys) {
      claim[key] = { ...claim[key], [grant.orgId]: org?.domain ?? '' };
    }
  }
  return claim;
}

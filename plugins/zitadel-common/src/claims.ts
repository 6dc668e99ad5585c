/** Role claim ZITADEL asserts for the project of the application that signed the user in. */
export const ZITADEL_ROLES_CLAIM = 'urn:zitadel:iam:org:project:roles';

/** The project-specific role claim, asserted for every project in the token's audience. */
export const zitadelProjectRolesClaim = (projectId: string) =>
  `urn:zitadel:iam:org:project:${projectId}:roles`;

/** Scope that asserts the role claims (plural "projects": the singular yields no roles). */
export const ZITADEL_ROLES_SCOPE = 'urn:zitadel:iam:org:projects:roles';

/** Scope that puts a project into the audience. */
export const zitadelProjectAudienceScope = (projectId: string) =>
  `urn:zitadel:iam:org:project:id:${projectId}:aud`;

/** One project role of a user and the organizations that granted it. */
export interface ZitadelRoleGrant {
  roleKey: string;
  /** Organization ids that granted the role. */
  orgIds: string[];
}

/**
 * Reads the project roles from token or userinfo claims. Both the generic claim and the
 * project-specific one (`projectId` given) are read; roles of other projects in the audience
 * belong to other applications and are ignored. Malformed values are skipped, not trusted.
 */
export function readRoleClaims(
  claimSets: Array<Record<string, unknown> | undefined>,
  projectId?: string,
): ZitadelRoleGrant[] {
  const names = [ZITADEL_ROLES_CLAIM];
  if (projectId) names.push(zitadelProjectRolesClaim(projectId));
  const byRole = new Map<string, Set<string>>();
  for (const claims of claimSets) {
    for (const name of names) {
      const value = claims?.[name];
      if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
      for (const [roleKey, orgs] of Object.entries(value)) {
        const orgIds = byRole.get(roleKey) ?? new Set<string>();
        if (orgs && typeof orgs === 'object' && !Array.isArray(orgs)) {
          Object.keys(orgs).forEach(id => orgIds.add(id));
        }
        byRole.set(roleKey, orgIds);
      }
    }
  }
  return [...byRole].map(([roleKey, orgIds]) => ({
    roleKey,
    orgIds: [...orgIds].sort(),
  }));
}

/** ZITADEL user id (the OIDC `sub`) on synced User entities; sign-in matches on it first. */
export const ZITADEL_USER_ID_ANNOTATION = 'zitadel.com/user-id';

/** Login name of a synced User. */
export const ZITADEL_LOGIN_NAME_ANNOTATION = 'zitadel.com/login-name';

/** Organization id owning a synced User. */
export const ZITADEL_ORG_ID_ANNOTATION = 'zitadel.com/org-id';

/** Project role keys a synced Group stands for (comma-separated). */
export const ZITADEL_ROLE_KEYS_ANNOTATION = 'zitadel.com/role-keys';

/** Project the roles belong to. */
export const ZITADEL_PROJECT_ID_ANNOTATION = 'zitadel.com/project-id';

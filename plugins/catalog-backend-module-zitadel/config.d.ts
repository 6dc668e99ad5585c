import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import type { ZitadelRoleMapping } from '@internal/plugin-zitadel-common';

export interface Config {
  catalog?: {
    providers?: {
      /** ZITADEL users and project roles as catalog Users and Groups, one block per instance. */
      zitadel?: {
        [id: string]: {
          /** Instance URL (the issuer), e.g. https://auth.example.com */
          baseUrl: string;
          /** Project whose roles become groups and whose grants become memberships. */
          projectId: string;
          /** Organizations to sync (header x-zitadel-orgid); default the service account's own. */
          organizationIds?: string[];
          /** Organization owning the project; default the first synced one. */
          projectOrganizationId?: string;
          /**
           * Personal access token of a service account with ORG_OWNER_VIEWER (or
           * IAM_OWNER_VIEWER for several orgs). Exactly one of token / serviceAccountKey /
           * serviceAccountKeyFile.
           * @visibility secret
           */
          token?: string;
          /**
           * The service account's JSON key (content), exchanged for a token (JWT profile).
           * @visibility secret
           */
          serviceAccountKey?: string;
          /** Path to the service account's JSON key file. */
          serviceAccountKeyFile?: string;
          /** Namespace of the User entities. Default `default`. */
          userNamespace?: string;
          /** Role → group mapping; use the same as the sign-in resolver's. */
          roleMapping?: ZitadelRoleMapping;
          /** Page size of list calls (1-1000). Default 100. */
          pageSize?: number;
          /** Default every 30 minutes, 3 minute timeout. */
          schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        };
      };
    };
  };
}

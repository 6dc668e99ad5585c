import type {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { stringifyError } from '@backstage/errors';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { RoleGroupMapper } from '@internal/plugin-zitadel-common';
import { readProviderConfigs, type ZitadelProviderConfig } from './config';
import { createTokenSource } from './tokenSource';
import { type OrgSnapshot, toEntities } from './transform';
import { ZitadelManagementClient } from './ZitadelManagementClient';

/** What one sync found. */
export interface ZitadelSyncSummary {
  users: number;
  groups: number;
  orgs: number;
}

/**
 * Syncs ZITADEL users, project roles and user grants into `User` and `Group` entities with a
 * full mutation. A failed read changes nothing: the catalog keeps the last good sync.
 */
export class ZitadelOrgEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private readonly client: ZitadelManagementClient;
  private readonly mapper: RoleGroupMapper;

  static fromConfig(
    config: Config,
    deps: { logger: LoggerService; scheduler?: SchedulerService },
  ): ZitadelOrgEntityProvider[] {
    return readProviderConfigs(config).map(
      c =>
        new ZitadelOrgEntityProvider(c, {
          logger: deps.logger.child({ target: `zitadel-provider:${c.id}` }),
          taskRunner: deps.scheduler?.createScheduledTaskRunner(c.schedule),
        }),
    );
  }

  constructor(
    private readonly config: ZitadelProviderConfig,
    private readonly deps: {
      logger: LoggerService;
      taskRunner?: SchedulerServiceTaskRunner;
    },
  ) {
    this.client = new ZitadelManagementClient({
      baseUrl: config.baseUrl,
      tokens: createTokenSource(config.baseUrl, config.credentials),
      pageSize: config.pageSize,
    });
    this.mapper = RoleGroupMapper.create(config.roleMapping);
  }

  getProviderName(): string {
    return `zitadel-provider:${this.config.id}`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.deps.taskRunner?.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async () => {
        await this.read().catch(() => undefined);
      },
    });
  }

  /** One sync. Throws after logging when ZITADEL fails; the catalog is then left as it was. */
  async read(): Promise<ZitadelSyncSummary> {
    if (!this.connection) throw new Error('ZITADEL provider is not connected');
    const { logger } = this.deps;
    const c = this.config;
    try {
      const orgIds = c.organizationIds.length
        ? c.organizationIds
        : [(await this.client.getMyOrg()).id];
      const roles = await this.client.listProjectRoles(
        c.projectId,
        c.projectOrganizationId ?? orgIds[0],
      );
      const orgs: OrgSnapshot[] = [];
      for (const orgId of orgIds) {
        orgs.push({
          orgId,
          users: await this.client.listHumanUsers(orgId),
          grants: await this.client.listUserGrants(c.projectId, orgId),
        });
      }
      const { users, groups, renamed } = toEntities({
        baseUrl: c.baseUrl,
        projectId: c.projectId,
        userNamespace: c.userNamespace,
        mapper: this.mapper,
        roles,
        orgs,
      });
      if (renamed.length) {
        logger.warn(
          `Users with clashing names were renamed: ${renamed.join('; ')}`,
        );
      }
      await this.connection.applyMutation({
        type: 'full',
        entities: [...groups, ...users].map(entity => ({
          entity,
          locationKey: this.getProviderName(),
        })),
      });
      logger.info(
        `Synced ${users.length} users and ${groups.length} groups from ${orgIds.length} ZITADEL organization(s)`,
      );
      return {
        users: users.length,
        groups: groups.length,
        orgs: orgIds.length,
      };
    } catch (e) {
      logger.error(
        `ZITADEL sync failed, keeping the last synced users and groups: ${stringifyError(
          e,
        )}`,
      );
      throw e;
    }
  }
}

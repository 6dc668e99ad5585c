import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { ZitadelOrgEntityProvider } from './ZitadelOrgEntityProvider';

/** Users and Groups from ZITADEL (`catalog.providers.zitadel`). */
export const catalogModuleZitadelOrg = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'zitadel-org',
  register({ registerInit }) {
    registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ catalog, config, logger, scheduler }) {
        catalog.addEntityProvider(
          ZitadelOrgEntityProvider.fromConfig(config, { logger, scheduler }),
        );
      },
    });
  },
});

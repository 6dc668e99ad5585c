import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { RcaReportEntityProvider } from './provider/RcaReportEntityProvider';

/**
 * Committed RCA reports as catalog entities.
 *
 * @public
 */
export const catalogModuleRcaReports = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'rca-reports',
  register({ registerInit }) {
    registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        events: eventsServiceRef,
      },
      async init({ catalog, config, logger, scheduler, events }) {
        catalog.addEntityProvider(
          RcaReportEntityProvider.fromConfig(config, {
            logger,
            scheduler,
            events,
          }),
        );
      },
    });
  },
});

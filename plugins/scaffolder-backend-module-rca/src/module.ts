import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createRcaAnalyzeAction } from './actions/analyze';

/**
 * Adds `rca:analyze` to the scaffolder.
 *
 * @public
 */
export const scaffolderModuleRca = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'rca',
  register({ registerInit }) {
    registerInit({
      deps: {
        actions: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({ actions, discovery, auth, catalog }) {
        actions.addActions(
          createRcaAnalyzeAction({ discovery, auth, catalog }),
        );
      },
    });
  },
});

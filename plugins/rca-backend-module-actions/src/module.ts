import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { RcaClient } from '@internal/plugin-rca-common';
import { registerAnalyzeIncident } from './actions/analyzeIncident';
import { registerGetAnalysis } from './actions/getAnalysis';
import { registerListIncidents } from './actions/listIncidents';
import { readRcaActionsOptions } from './options';
import { type RcaApiFor, UserRcaApi } from './UserRcaApi';

/**
 * Registers `analyze-incident`, `get-analysis` and `list-incidents` in the rca plugin's actions
 * registry. They call the rca REST API as the caller, so MCP clients get what the UI would show.
 *
 * @public
 */
export const rcaModuleActions = createBackendModule({
  pluginId: 'rca',
  moduleId: 'actions',
  register(reg) {
    reg.registerInit({
      deps: {
        actionsRegistry: actionsRegistryServiceRef,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        config: coreServices.rootConfig,
      },
      async init({ actionsRegistry, auth, discovery, config }) {
        const options = readRcaActionsOptions(config);
        const client = new RcaClient({ discoveryApi: discovery });
        const rcaFor: RcaApiFor = credentials =>
          new UserRcaApi({ client, auth, credentials });
        registerAnalyzeIncident(actionsRegistry, { ...options, rcaFor });
        registerGetAnalysis(actionsRegistry, { rcaFor });
        registerListIncidents(actionsRegistry, { rcaFor });
      },
    });
  },
});

import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { auditHubServiceRef } from './auditHubServiceRef';
import { PipelineAuditorService } from './PipelineAuditorService';

/**
 * Replaces Backstage's default `coreServices.auditor`: the audit events of the catalog,
 * scaffolder, kubernetes and our plugins all go through the audit pipeline.
 *
 * @public
 */
export const auditorServiceFactory = createServiceFactory({
  service: coreServices.auditor,
  deps: {
    auth: coreServices.auth,
    httpAuth: coreServices.httpAuth,
    plugin: coreServices.pluginMetadata,
    hub: auditHubServiceRef,
  },
  factory: ({ auth, httpAuth, plugin, hub }) =>
    new PipelineAuditorService({
      pluginId: plugin.getId(),
      hub,
      auth,
      httpAuth,
    }),
});

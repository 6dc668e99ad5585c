import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { K8sNamespacePolicy } from './K8sNamespacePolicy';

/**
 * Installs {@link K8sNamespacePolicy} as the backend's only permission policy. Pair it with
 * `@internal/plugin-kubernetes-backend-module-namespace-guard`, which enforces
 * `kubernetes.namespace.read` on the Kubernetes plugin's routes.
 *
 * @public
 */
export const permissionModuleK8sNamespacePolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'k8s-namespace-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        logger: coreServices.logger,
      },
      async init({ policy, config, userInfo, logger }) {
        policy.setPolicy(
          K8sNamespacePolicy.fromConfig(config, { userInfo, logger }),
        );
      },
    });
  },
});

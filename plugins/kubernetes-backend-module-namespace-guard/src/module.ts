import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  type AuthenticationStrategy,
  type KubernetesClustersSupplier,
  kubernetesObjectsProviderExtensionPoint,
  kubernetesRouterExtensionPoint,
  kubernetesServiceLocatorExtensionPoint,
} from '@backstage/plugin-kubernetes-node';
import {
  kubernetesNamespacePermissions,
  parseNamespaceRef,
  readNamespacePolicyConfig,
} from '@internal/plugin-k8s-namespace-policy-common';
import {
  CatalogGroupDirectory,
  isNamespaceOwner,
  isUnmappedNamespace,
  kubernetesNamespaceResourceRef,
  NamespaceAccess,
  NamespaceOwnerResolver,
} from '@internal/plugin-k8s-namespace-policy-node';
import Router from 'express-promise-router';
import { createProxyWriteCheck } from './checkProxyWrite';
import { createProxyGuard } from './createProxyGuard';
import { guardObjectsProvider, guardServiceLocator } from './guardWorkloads';
import { createNamespaceAnnotationReader } from './readNamespaceOwnerAnnotation';
import { rememberRequest } from './requestContext';

/**
 * Enforces `kubernetes.namespace.read` and `.write` on the Kubernetes plugin. It registers the
 * kubernetes-namespace resource type (so the permission backend can apply the policy's conditions
 * here), guards `/proxy` by the namespace in the proxied path and its method (the proxy is
 * read-only unless the policy grants write), and narrows the workloads and
 * custom-resources queries to the namespaces the user may see. Install it with the namespace policy.
 *
 * @public
 */
export const kubernetesModuleNamespaceGuard = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'namespace-guard',
  register(reg) {
    let clusterSupplier: KubernetesClustersSupplier | undefined;
    let authStrategy: AuthenticationStrategy | undefined;
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        routers: kubernetesRouterExtensionPoint,
        objectsProviders: kubernetesObjectsProviderExtensionPoint,
        serviceLocators: kubernetesServiceLocatorExtensionPoint,
      },
      async init(d) {
        const config = readNamespacePolicyConfig(d.config);
        const resolver = new NamespaceOwnerResolver({
          config,
          groups: new CatalogGroupDirectory({
            catalog: d.catalog,
            auth: d.auth,
            logger: d.logger,
          }),
          readAnnotation: createNamespaceAnnotationReader({
            clusterSupplier: () => clusterSupplier,
            authStrategy: () => authStrategy,
            getCredentials: () => d.auth.getOwnServiceCredentials(),
          }),
        });
        d.permissionsRegistry.addResourceType({
          resourceRef: kubernetesNamespaceResourceRef,
          permissions: kubernetesNamespacePermissions,
          rules: [isNamespaceOwner, isUnmappedNamespace],
          getResources: refs =>
            Promise.all(
              refs.map(ref => resolver.resolve(parseNamespaceRef(ref))),
            ),
        });
        const access = new NamespaceAccess({
          permissions: d.permissions,
          auditor: d.auditor,
          resolver,
          cacheTtlMs: config.decisionCacheTtlMs,
        });

        d.serviceLocators.addServiceLocator(async ({ getDefault }) =>
          guardServiceLocator(await getDefault(), access),
        );
        d.objectsProviders.addObjectsProvider(async opts => {
          authStrategy = opts.authStrategy;
          return guardObjectsProvider(await opts.getDefault(), access);
        });
        d.routers.addRouter(opts => {
          clusterSupplier = opts.clusterSupplier;
          const router = Router();
          router.use(rememberRequest);
          router.use(
            '/proxy',
            createProxyGuard({
              httpAuth: d.httpAuth,
              access,
              checkWrite: createProxyWriteCheck({
                permissions: d.permissions,
                auditor: d.auditor,
              }),
              clusterSupplier: opts.clusterSupplier,
            }),
          );
          router.use(opts.getDefault());
          return router;
        });
      },
    });
  },
});

import type {
  AuditorService,
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { readNamespacePolicyConfig } from '@internal/plugin-k8s-namespace-policy-common';
import {
  CatalogGroupDirectory,
  NamespaceAccess,
  NamespaceOwnerResolver,
} from '@internal/plugin-k8s-namespace-policy-node';
import { kubernetesSelectorOf, NamespaceGate } from '@internal/plugin-rca-node';
import { namespaceReaders } from '../service/namespaceReaders';
import { ReportReadAccess } from '../service/reportReadAccess';
import { authorizeWithin, type GateWithin } from '../service/RequesterScope';
import type { RouterOptions } from '../service/router';
import type { NamespaceLocator } from './EngineExtensions';
import { ServiceScopes } from './ServiceScopes';

/** The namespace checks of the plugin, as the runner and the router take them. */
export type RcaAccessControl = Required<
  Pick<RouterOptions, 'gateFor' | 'canReadAnalysis' | 'canReadReport'>
> & {
  /** Credentials that read only `entityRef`'s own namespaces (alert-started analyses). */
  scopeToEntity: ServiceScopes['scope'];
  /** The gate of a taken-over analysis: only its requester's stored scope. */
  gateWithin: GateWithin;
};

/**
 * kubernetes.namespace.read over the plugin: each analysis sees only the namespaces its requester
 * may see, and reading an analysis or report needs read access to the namespaces it drew from.
 */
export function createAccessControl(o: {
  config: RootConfigService;
  logger: LoggerService;
  permissions: PermissionsService;
  auditor: AuditorService;
  auth: AuthService;
  catalog: CatalogService;
  locator: NamespaceLocator;
}): RcaAccessControl {
  const { catalog, locator } = o;
  const namespacePolicy = readNamespacePolicyConfig(o.config);
  const resolver = new NamespaceOwnerResolver({
    config: namespacePolicy,
    groups: new CatalogGroupDirectory({
      catalog,
      auth: o.auth,
      logger: o.logger,
    }),
  });
  const access = new NamespaceAccess({
    permissions: o.permissions,
    auditor: o.auditor,
    resolver,
    cacheTtlMs: namespacePolicy.decisionCacheTtlMs,
  });
  const readAccess = new ReportReadAccess({
    check: c => access.check(c),
    clusters: locator.clusterNames,
  });
  // The namespaces an entity's analysis would draw from, as the gate finds them.
  const entityNamespaces = async (
    credentials: BackstageCredentials,
    entityRef: string,
  ) => {
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) return [];
    const preflight = await NamespaceGate.allowAll(locator).preflight({
      entityRef,
      entity,
      role: 'target',
      depth: 0,
      kubernetes: kubernetesSelectorOf(entity),
    });
    return preflight.allowed;
  };
  const scopes = new ServiceScopes(entityNamespaces);
  return {
    scopeToEntity: (credentials, entityRef) =>
      scopes.scope(credentials, entityRef),
    gateWithin: (scope, analysisId) =>
      new NamespaceGate({
        collector: locator,
        authorize: authorizeWithin(scope, analysisId),
        ownersOf: ref => namespaceReaders(resolver, ref),
      }),
    gateFor: (credentials, request) =>
      new NamespaceGate({
        collector: locator,
        authorize: async refs =>
          scopes.confine(
            credentials,
            await access.check({ credentials, refs, via: 'analysis', request }),
          ),
        ownersOf: ref => namespaceReaders(resolver, ref),
      }),
    canReadAnalysis: async (credentials, record, request) =>
      scopes.mayRead(credentials, record.entityRef) &&
      readAccess.canReadAnalysis(
        credentials,
        record,
        () => entityNamespaces(credentials, record.entityRef),
        request,
      ),
    canReadReport: async (credentials, report, request) =>
      scopes.mayRead(credentials) &&
      readAccess.canReadReport(credentials, report, request),
  };
}

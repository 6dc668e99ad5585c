import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Start an analysis of a catalog entity. A resource permission on the entity, so policies can allow
 * it per owner, namespace or kind.
 *
 * @public
 */
export const rcaAnalysisCreatePermission = createPermission({
  name: 'rca.analysis.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Read analyses and their reports.
 *
 * @public
 */
export const rcaReportReadPermission = createPermission({
  name: 'rca.report.read',
  attributes: { action: 'read' },
});

/** @public */
export const rcaPermissions = [
  rcaAnalysisCreatePermission,
  rcaReportReadPermission,
];

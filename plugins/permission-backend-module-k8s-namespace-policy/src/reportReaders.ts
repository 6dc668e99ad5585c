import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import { catalogConditions } from '@backstage/plugin-catalog-backend/alpha';
import {
  RCA_REPORT_ENTITY_TYPE,
  RCA_REPORT_READER_SLOTS,
  RCA_REPORT_READERS_SPEC_KEY,
} from '@internal/plugin-rca-common';

type CatalogCondition = ReturnType<typeof catalogConditions.hasSpec>;
type Criteria = PermissionCriteria<CatalogCondition>;

/** Criteria lists are non-empty by type; these always have entries. */
const nonEmpty = (list: Criteria[]) => list as [Criteria, ...Criteria[]];

/**
 * Catalog read for a non-admin: every entity but RCA reports, and the reports whose every reader
 * slot holds one of the claims (or `*`), i.e. whose namespaces the user may all read. Built from
 * the catalog's own HAS_SPEC rule, so it runs as a database filter.
 */
export function reportReaderCriteria(claims: string[]): Criteria {
  const values = [...new Set([...claims, '*'])];
  const slots = Array.from({ length: RCA_REPORT_READER_SLOTS }, (_, i) => ({
    anyOf: nonEmpty(
      values.map(value =>
        catalogConditions.hasSpec({
          key: `${RCA_REPORT_READERS_SPEC_KEY}.r${i + 1}`,
          value,
        }),
      ),
    ),
  }));
  return {
    anyOf: [
      {
        not: catalogConditions.hasSpec({
          key: 'type',
          value: RCA_REPORT_ENTITY_TYPE,
        }),
      },
      { allOf: nonEmpty(slots) },
    ],
  };
}

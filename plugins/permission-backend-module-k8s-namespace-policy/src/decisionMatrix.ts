/**
 * Who gets each permission, for signed-in users outside the admin groups (admins get everything;
 * requests without a user are denied; service principals never reach a policy). Kept as data so the
 * policy, its tests and the README table say the same thing.
 *
 * - `allow`: every signed-in user
 * - `admin`: the admin groups only
 * - `entity-owner`: the owners of the catalog entity (conditional decision)
 * - `namespace-owner`: the owners of the Kubernetes namespace (conditional decision)
 * - `report-reader`: every entity, but RCA report entities only for those who may read every
 *   namespace the report drew from (conditional decision)
 * - `namespace-writer`: members of `writeGroups`, in the namespaces they may read (conditional
 *   decision); nobody else
 *
 * @public
 */
export type MatrixDecision =
  | 'allow'
  | 'admin'
  | 'entity-owner'
  | 'namespace-owner'
  | 'report-reader'
  | 'namespace-writer';

/** @public */
export const decisionMatrix: ReadonlyArray<{
  permission: string;
  decision: MatrixDecision;
  why: string;
}> = [
  {
    permission: 'kubernetes.namespace.read',
    decision: 'namespace-owner',
    why: 'a team sees the namespaces its groups own (proxy, Kubernetes tab, RCA evidence)',
  },
  {
    permission: 'kubernetes.namespace.write',
    decision: 'namespace-writer',
    why: 'the proxy is read-only except for admins and writeGroups (delete, patch, exec…)',
  },
  {
    permission: 'kubernetes.proxy',
    decision: 'allow',
    why: 'narrowed per namespace and method by the guard (kubernetes.namespace.read, .write)',
  },
  {
    permission: 'kubernetes.resources.read',
    decision: 'allow',
    why: 'narrowed per namespace by the guard (kubernetes.namespace.read)',
  },
  {
    permission: 'kubernetes.clusters.read',
    decision: 'allow',
    why: 'cluster names and links, no workload data',
  },
  {
    permission: 'catalog.entity.read',
    decision: 'report-reader',
    why: 'the catalog is the shared map of the system; an RCA report only for those who may read its namespaces',
  },
  { permission: 'catalog.entity.refresh', decision: 'allow', why: 'harmless' },
  { permission: 'catalog.entity.validate', decision: 'allow', why: 'harmless' },
  {
    permission: 'catalog.entity.create',
    decision: 'allow',
    why: 'registering components',
  },
  {
    permission: 'catalog.entity.delete',
    decision: 'entity-owner',
    why: 'only the owners remove an entity',
  },
  {
    permission: 'catalog.location.read',
    decision: 'allow',
    why: 'where entities come from',
  },
  {
    permission: 'catalog.location.analyze',
    decision: 'allow',
    why: 'the register-component dry run',
  },
  {
    permission: 'catalog.location.create',
    decision: 'allow',
    why: 'registering components',
  },
  {
    permission: 'catalog.location.delete',
    decision: 'admin',
    why: 'removes every entity of the location',
  },
  {
    permission: 'scaffolder.template.parameter.read',
    decision: 'allow',
    why: 'running templates, e.g. Analyze incident',
  },
  {
    permission: 'scaffolder.template.step.read',
    decision: 'allow',
    why: 'running templates',
  },
  {
    permission: 'scaffolder.action.execute',
    decision: 'allow',
    why: 'running templates',
  },
  {
    permission: 'scaffolder.task.create',
    decision: 'allow',
    why: 'running templates',
  },
  {
    permission: 'scaffolder.task.read',
    decision: 'allow',
    why: 'following a run',
  },
  {
    permission: 'scaffolder.task.cancel',
    decision: 'allow',
    why: 'stopping a run',
  },
  {
    permission: 'scaffolder.template.dry-run',
    decision: 'allow',
    why: 'the template editor',
  },
  {
    permission: 'scaffolder.template.management',
    decision: 'admin',
    why: 'changes templates for everyone',
  },
  {
    permission: 'rca.analysis.create',
    decision: 'allow',
    why: "then RCA checks kubernetes.namespace.read for the entity's namespaces",
  },
  {
    permission: 'rca.report.read',
    decision: 'allow',
    why: 'reports are shared post-incident material',
  },
  {
    permission: 'audit.events.read',
    decision: 'admin',
    why: 'the trail names every user and request',
  },
];

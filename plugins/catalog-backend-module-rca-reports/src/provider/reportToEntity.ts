import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ANNOTATION_VIEW_URL,
  type Entity,
  type EntityLink,
  parseEntityRef,
} from '@backstage/catalog-model';
import {
  RCA_ANNOTATIONS,
  RCA_REPORT_ENTITY_TYPE,
  RCA_REPORT_READERS_SPEC_KEY,
  reportReaderSlots,
  type RcaReport,
  reportEntityRef,
} from '@internal/plugin-rca-common';

export interface ReportEntityContext {
  path: string;
  commitSha?: string;
  /** `type:target` of the file, for the managed-by annotations. */
  location: string;
  links: { file?: string; commit?: string };
  defaultOwner: string;
}

/** One line in the catalog table and the About card; the report page holds the rest. */
const MAX_DESCRIPTION = 160;

/** A catalog tag (`[a-z0-9:+#]` words joined by `-`, ≤ 63) from a taxonomy label. */
const tag = (label: string) =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9:+#]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');

/**
 * The catalog entity of one committed report: a `Resource` of type `rca-report`, owned by the
 * analysed component's owner and `dependencyOf` that component.
 */
export function reportToEntity(
  report: RcaReport,
  ctx: ReportEntityContext,
): Entity {
  const { name } = parseEntityRef(reportEntityRef(report.id));
  const links: EntityLink[] = [];
  if (ctx.links.file)
    links.push({ url: ctx.links.file, title: 'Report file', icon: 'docs' });
  if (ctx.links.commit && ctx.commitSha)
    links.push({
      url: ctx.links.commit,
      title: `Commit ${ctx.commitSha.slice(0, 12)}`,
      icon: 'github',
    });
  const description = `${report.rootCause.title} (${
    report.rootCause.category
  }, confidence ${report.rootCause.confidence.toFixed(2)})`.replace(
    /\s+/g,
    ' ',
  );
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      title: report.title,
      description:
        description.length > MAX_DESCRIPTION
          ? `${description.slice(0, MAX_DESCRIPTION - 1)}…`
          : description,
      tags: [
        ...new Set(
          ['rca', tag(report.rootCause.category), report.status].filter(
            Boolean,
          ),
        ),
      ],
      links,
      annotations: {
        [ANNOTATION_LOCATION]: ctx.location,
        [ANNOTATION_ORIGIN_LOCATION]: ctx.location,
        ...(ctx.links.file ? { [ANNOTATION_VIEW_URL]: ctx.links.file } : {}),
        [RCA_ANNOTATIONS.analysisId]: report.id,
        ...(ctx.commitSha
          ? { [RCA_ANNOTATIONS.commitSha]: ctx.commitSha }
          : {}),
        [RCA_ANNOTATIONS.reportPath]: ctx.path,
        [RCA_ANNOTATIONS.status]: report.status,
        [RCA_ANNOTATIONS.rootCause]: report.rootCause.category,
        [RCA_ANNOTATIONS.confidence]: report.rootCause.confidence.toFixed(2),
        [RCA_ANNOTATIONS.generatedAt]: report.generatedAt,
        [RCA_ANNOTATIONS.windowFrom]: report.window.from,
        [RCA_ANNOTATIONS.windowTo]: report.window.to,
      },
    },
    spec: {
      type: RCA_REPORT_ENTITY_TYPE,
      owner: report.owner ?? ctx.defaultOwner,
      dependencyOf: [report.entityRef],
      // Who may see the report in the catalog: the readers of every namespace it drew from.
      [RCA_REPORT_READERS_SPEC_KEY]: reportReaderSlots(report.access?.readers),
    },
  };
}

import {
  LinkButton,
  Progress,
  ResponseErrorPanel,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  catalogApiRef,
  EntityRefLink,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  RCA_ANNOTATIONS,
  RCA_REPORT_ENTITY_TYPE,
} from '@internal/plugin-rca-common';
import { Box, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { describeRootCause, StatusChip } from './ReportView';

/** Where "Analyze incident" leads: the template, with the component filled in. */
export function analyzeIncidentLink(entityRef: string, templatePath: string) {
  return `${templatePath}?${new URLSearchParams({
    formData: JSON.stringify({ entityRef }),
  })}`;
}

interface Row {
  entity: Entity;
  generatedAt: string;
  rootCause: string;
  confidence: string;
  status: string;
}

const toRow = (entity: Entity): Row => {
  const a = entity.metadata.annotations ?? {};
  return {
    entity,
    generatedAt: a[RCA_ANNOTATIONS.generatedAt] ?? '',
    rootCause: a[RCA_ANNOTATIONS.rootCause] ?? '',
    confidence: a[RCA_ANNOTATIONS.confidence] ?? '',
    status: a[RCA_ANNOTATIONS.status] ?? '',
  };
};

const columns: TableColumn<Row>[] = [
  {
    title: 'Generated (UTC)',
    field: 'generatedAt',
    render: r => r.generatedAt.slice(0, 16).replace('T', ' '),
  },
  {
    title: 'Report',
    render: r => (
      <EntityRefLink
        entityRef={r.entity}
        title={r.entity.metadata.title ?? r.entity.metadata.name}
      />
    ),
  },
  {
    title: 'Root cause',
    field: 'rootCause',
    render: r => (
      <span title={describeRootCause(r.rootCause)}>{r.rootCause}</span>
    ),
  },
  { title: 'Confidence', field: 'confidence' },
  { title: 'Status', render: r => <StatusChip status={r.status} /> },
];

/** The component's "Incidents" tab: its RCA reports from the catalog, newest first. */
export function IncidentsContent(props: { templatePath: string }) {
  const { entity } = useEntity();
  const catalog = useApi(catalogApiRef);
  const ref = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(async () => {
    const { items } = await catalog.getEntities({
      filter: {
        kind: 'Resource',
        'spec.type': RCA_REPORT_ENTITY_TYPE,
        'relations.dependencyOf': ref,
      },
    });
    return items
      .map(toRow)
      .sort((a, b) => b.generatedAt.localeCompare(a.generatedAt));
  }, [catalog, ref]);

  return (
    <Box>
      <Box mb={2} display="flex" alignItems="center">
        <Box flexGrow={1}>
          <Typography variant="body1">
            Root-cause analyses of this component, from the reports committed to
            Git.
          </Typography>
        </Box>
        <LinkButton
          to={analyzeIncidentLink(ref, props.templatePath)}
          variant="contained"
          color="primary"
        >
          Analyze incident
        </LinkButton>
      </Box>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && (
        <Table<Row>
          title={`Incidents (${value.length})`}
          options={{ paging: value.length > 20, pageSize: 20, search: false }}
          columns={columns}
          data={value}
          emptyContent={
            <Box p={2}>
              <Typography>
                No incident reports for this component yet. Use Analyze incident
                to run one.
              </Typography>
            </Box>
          }
        />
      )}
    </Box>
  );
}

import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  ROOT_CAUSE_LABELS,
  type RootCauseLabel,
  splitFrontMatter,
} from '@internal/plugin-rca-common';
import { Box, Chip, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import type { DiagramRenderer } from './MermaidDiagram';
import { ReportMarkdown } from './ReportMarkdown';
import { type CommittedReportFile, ReportFile } from './ReportFile';

export function StatusChip(props: { status?: string }) {
  if (!props.status) return null;
  return (
    <Chip
      size="small"
      label={props.status}
      color={props.status === 'complete' ? 'primary' : 'default'}
      variant={props.status === 'complete' ? 'default' : 'outlined'}
    />
  );
}

export const describeRootCause = (category: string) =>
  ROOT_CAUSE_LABELS[category as RootCauseLabel] ?? category;

/** One committed report: what was found, then the whole Markdown with its timeline diagram. */
export function ReportView(props: {
  analysisId: string;
  renderDiagram?: DiagramRenderer;
}) {
  return (
    <ReportFile analysisId={props.analysisId}>
      {value => <ReportBody file={value} renderDiagram={props.renderDiagram} />}
    </ReportFile>
  );
}

function ReportBody({
  file: value,
  renderDiagram,
}: {
  file: CommittedReportFile;
  renderDiagram?: DiagramRenderer;
}) {
  const { report } = value;
  return (
    <Box>
      {report ? (
        <Box mb={2} display="flex" flexWrap="wrap" alignItems="center">
          <Box mr={1}>
            <StatusChip status={report.status} />
          </Box>
          <Typography variant="subtitle1" component="span">
            Root cause: <strong>{report.rootCause.category}</strong> (
            {describeRootCause(report.rootCause.category)}) · confidence{' '}
            {report.rootCause.confidence.toFixed(2)} ·{' '}
            <EntityRefLink entityRef={report.entityRef} />
          </Typography>
        </Box>
      ) : (
        <Alert severity="warning">
          This report file could not be parsed: {value.error}
        </Alert>
      )}
      <Typography variant="body2" color="textSecondary" paragraph>
        {value.path}
        {value.commitSha ? ` · commit ${value.commitSha.slice(0, 12)}` : ''}
        {value.links.commit ? (
          <>
            {' · '}
            <Link to={value.links.commit}>view commit</Link>
          </>
        ) : null}
      </Typography>
      <ReportMarkdown
        markdown={splitFrontMatter(value.markdown).body}
        renderDiagram={renderDiagram}
      />
    </Box>
  );
}

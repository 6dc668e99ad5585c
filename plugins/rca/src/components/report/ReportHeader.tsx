import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { CommittedReport, RcaReport } from '@internal/plugin-rca-common';
import { Box, Chip, makeStyles, Paper, Typography } from '@material-ui/core';
import { useEffect, useState } from 'react';
import { describeRootCause, StatusChip } from '../ReportView';
import { entityPath } from './deepLinks';
import { windowLabel } from './time';

const useStyles = makeStyles(theme => ({
  root: { padding: theme.spacing(2, 3), marginBottom: theme.spacing(2) },
  facts: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1, 3),
    margin: theme.spacing(1, 0),
  },
  fact: { minWidth: 0, overflowWrap: 'anywhere' },
  links: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1, 2) },
  // Chips wrap instead of running off the header.
  chips: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1) },
  chip: { maxWidth: '100%' },
}));

function Fact(props: { label: string; children: React.ReactNode }) {
  const classes = useStyles();
  return (
    <div className={classes.fact}>
      <Typography variant="overline" color="textSecondary" component="div">
        {props.label}
      </Typography>
      <Typography variant="body1" component="div">
        {props.children}
      </Typography>
    </div>
  );
}

/** The committed file as a download, from the text already loaded (the API needs a token). */
function useMarkdownHref(markdown: string): string | undefined {
  const [href, setHref] = useState<string>();
  useEffect(() => {
    if (typeof URL.createObjectURL !== 'function') return undefined;
    const url = URL.createObjectURL(
      new Blob([markdown], { type: 'text/markdown;charset=utf-8' }),
    );
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [markdown]);
  return href;
}

/** What was found, in one glance: cause, confidence, status, window, component and commit. */
export function ReportHeader(props: {
  report: RcaReport;
  file: CommittedReport;
}) {
  const { report, file } = props;
  const classes = useStyles();
  const markdownHref = useMarkdownHref(file.markdown);
  return (
    <Paper className={classes.root} data-testid="rca-report-header">
      <Typography
        variant="h5"
        component="h2"
        style={{ overflowWrap: 'anywhere' }}
      >
        {describeRootCause(report.rootCause.category)}
      </Typography>
      <Typography variant="body1" color="textSecondary">
        {report.rootCause.title}
      </Typography>
      <div className={classes.facts}>
        <Fact label="Root cause">
          <code>{report.rootCause.category}</code>
        </Fact>
        <Fact label="Confidence">{report.rootCause.confidence.toFixed(2)}</Fact>
        <Fact label="Status">
          <StatusChip status={report.status} />
        </Fact>
        <Fact label="Window">{windowLabel(report.window)}</Fact>
        <Fact label="Component">
          <EntityRefLink entityRef={report.entityRef} />
        </Fact>
        <Fact label="Commit">
          {file.commitSha && file.links.commit ? (
            <Link to={file.links.commit}>{file.commitSha.slice(0, 12)}</Link>
          ) : (
            file.commitSha?.slice(0, 12) ?? '—'
          )}
        </Fact>
      </div>
      <Box className={classes.links} mb={1}>
        <Link to={`${entityPath(report.entityRef)}/kubernetes`}>
          Kubernetes of the component
        </Link>
        {file.links.file ? <Link to={file.links.file}>Report file</Link> : null}
        {markdownHref ? (
          <a href={markdownHref} download={file.path.split('/').pop()}>
            Markdown
          </a>
        ) : null}
        <Typography variant="body2" color="textSecondary" component="span">
          {file.path}
        </Typography>
      </Box>
      <div className={classes.chips}>
        {/* The entity's tags, as the catalog shows them (status is above). */}
        {['rca', report.rootCause.category.replace(/_/g, '-')].map(t => (
          <Chip key={t} size="small" label={t} className={classes.chip} />
        ))}
      </div>
    </Paper>
  );
}

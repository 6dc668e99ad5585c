import type { RcaReport } from '@internal/plugin-rca-common';
import { TableCell, TableRow, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useTableStyles } from './cellStyles';
import { ReportTable } from './ReportTable';
import { Section } from './Section';

/** "What changed": the writes in the lookback, the one that lines up with the onset marked. */
export function WhatChanged(props: { report: RcaReport }) {
  const classes = useTableStyles();
  const changes = props.report.changes ?? [];
  if (!changes.length) return null;
  return (
    <Section title="What changed" testId="rca-changes">
      <ReportTable headers={['Time', 'Object', 'What', 'Who', 'Evidence']}>
        {changes.map((c, i) => (
          <TableRow key={i} selected={c.aligned}>
            <TableCell className={classes.nowrap}>
              {c.at.slice(11, 16)}
              {c.aligned ? ' · lines up with the onset' : ''}
            </TableCell>
            <TableCell className={classes.cell}>
              {c.object} ({c.cluster})
            </TableCell>
            <TableCell className={classes.cell}>{c.what}</TableCell>
            <TableCell className={classes.cell}>{c.who ?? '—'}</TableCell>
            <TableCell className={classes.nowrap}>
              {c.evidence ?? '—'}
            </TableCell>
          </TableRow>
        ))}
      </ReportTable>
    </Section>
  );
}

/** The summary, the impact, gaps in the evidence and the next steps. */
export function SummarySection(props: { report: RcaReport }) {
  const { report } = props;
  const classes = useTableStyles();
  return (
    <Section title="Summary" testId="rca-summary">
      <Typography variant="body1" paragraph className={classes.cell}>
        {report.summary}
      </Typography>
      <Typography variant="body2" paragraph>
        <strong>Impact:</strong> {report.impact}
      </Typography>
      {report.gaps.map((g, i) => (
        <Alert key={i} severity="warning" style={{ marginBottom: 8 }}>
          {g}
        </Alert>
      ))}
      {report.nextSteps.length ? (
        <>
          <Typography variant="subtitle1" component="h4">
            Next steps
          </Typography>
          <ol>
            {report.nextSteps.map((s, i) => (
              <li key={i} className={classes.cell}>
                {s.text}
                {s.command ? (
                  <pre
                    className={classes.code}
                    style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
                  >
                    {s.command}
                  </pre>
                ) : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </Section>
  );
}

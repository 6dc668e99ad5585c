import type { RcaReport } from '@internal/plugin-rca-common';
import { TableCell, TableRow, Typography } from '@material-ui/core';
import { useTableStyles } from './cellStyles';
import { ReportTable } from './ReportTable';
import { Section } from './Section';
import { hhmm } from './time';

/** The top hypothesis' causal chain, cause first, when the engine found one. */
function Chain(props: { chain?: string[] }) {
  if (!props.chain?.length) return null;
  return (
    <Typography variant="body1" paragraph data-testid="rca-chain">
      {props.chain.join(' → ')}
    </Typography>
  );
}

/** The causal chain, the ranked hypotheses and what was ruled out. */
export function HypothesesTable(props: { report: RcaReport }) {
  const { report } = props;
  const classes = useTableStyles();
  return (
    <Section title="Causal chain and hypotheses" testId="rca-hypotheses">
      <Chain chain={report.hypotheses[0]?.chain} />
      <ReportTable
        headers={[
          '#',
          'Cause',
          'Confidence',
          'Object',
          'Onset',
          'Why',
          'Evidence',
        ]}
      >
        {report.hypotheses.map(h => (
          <TableRow key={h.rank}>
            <TableCell className={classes.nowrap}>{h.rank}</TableCell>
            <TableCell className={classes.cell}>
              <code className={classes.code}>{h.category}</code>
              <div>{h.title}</div>
            </TableCell>
            <TableCell className={classes.nowrap}>
              {h.confidence.toFixed(2)}
            </TableCell>
            <TableCell className={classes.cell}>{h.object ?? '—'}</TableCell>
            <TableCell className={classes.nowrap}>
              {h.onset ? hhmm(h.onset) : '—'}
            </TableCell>
            <TableCell className={classes.cell}>{h.explanation}</TableCell>
            <TableCell className={classes.cell}>
              {h.evidence.join(', ')}
            </TableCell>
          </TableRow>
        ))}
      </ReportTable>
      {report.ruledOut?.length ? (
        <>
          <Typography
            variant="subtitle1"
            component="h4"
            style={{ marginTop: 16 }}
          >
            Ruled out
          </Typography>
          <ul>
            {report.ruledOut.map((r, i) => (
              <li key={i}>
                <code className={classes.code}>{r.category}</code>
                {r.object ? ` on ${r.object}` : ''}: {r.reason}
                {r.evidence.length ? ` (${r.evidence.join(', ')})` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Section>
  );
}

import { Link } from '@backstage/core-components';
import type {
  CommittedReport,
  EvidenceItem,
  RcaReport,
} from '@internal/plugin-rca-common';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  TableCell,
  TableRow,
  Typography,
} from '@material-ui/core';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { useTableStyles } from './cellStyles';
import { entityPath, parseQuery, queryLink, type SourceUis } from './deepLinks';
import { ReportTable } from './ReportTable';
import { Section } from './Section';

/** Links that open a source where the evidence came from. */
function SourceLinks(props: {
  source: string;
  report: RcaReport;
  file: CommittedReport;
  uis: SourceUis;
}) {
  const { source, report, file, uis } = props;
  const links: Array<{ to: string; label: string }> = [];
  if (source === 'kubernetes')
    links.push({
      to: `${entityPath(report.entityRef)}/kubernetes`,
      label: 'Kubernetes tab of the component',
    });
  if (source === 'catalog')
    links.push({
      to: entityPath(report.entityRef),
      label: 'Component in the catalog',
    });
  const queries = report.queries
    .map(parseQuery)
    .filter(q => q.source === source);
  const first = queries[0] && queryLink(queries[0], uis, report.window);
  if (first)
    links.push({
      to: first,
      label:
        source === 'victoriametrics'
          ? 'Graph in VictoriaMetrics'
          : 'Query in VictoriaLogs',
    });
  if (file.links.commit && source === 'kubernetes')
    links.push({ to: file.links.commit, label: 'Report commit' });
  if (!links.length) return null;
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
      {links.map(l => (
        <Link key={l.label} to={l.to}>
          {l.label}
        </Link>
      ))}
    </Box>
  );
}

function EvidenceTable(props: { items: EvidenceItem[] }) {
  const classes = useTableStyles();
  return (
    <ReportTable headers={['Id', 'Object', 'Observation', 'Time']}>
      {props.items.map(e => (
        <TableRow key={e.id} id={`evidence-${e.id}`}>
          <TableCell className={classes.nowrap}>{e.id}</TableCell>
          <TableCell className={classes.cell}>
            {e.object}
            {e.field ? <div className={classes.code}>{e.field}</div> : null}
          </TableCell>
          <TableCell className={classes.cell}>{e.text}</TableCell>
          <TableCell className={classes.nowrap}>
            {e.timestamp ? e.timestamp.slice(11, 19) : '—'}
            {e.period ? ` (${e.period})` : ''}
          </TableCell>
        </TableRow>
      ))}
    </ReportTable>
  );
}

/** Evidence grouped by the source it came from; groups no leading hypothesis cites are folded. */
export function EvidenceBySource(props: {
  report: RcaReport;
  file: CommittedReport;
  uis: SourceUis;
}) {
  const { report } = props;
  const cited = new Set(report.hypotheses.slice(0, 3).flatMap(h => h.evidence));
  const groups = new Map<string, EvidenceItem[]>();
  for (const e of report.evidence)
    groups.set(e.source, [...(groups.get(e.source) ?? []), e]);
  return (
    <Section title="Evidence" testId="rca-evidence">
      {[...groups].map(([source, items]) => (
        <Box key={source} mb={2} data-testid={`rca-evidence-${source}`}>
          <Box
            display="flex"
            flexWrap="wrap"
            alignItems="baseline"
            style={{ gap: 24 }}
          >
            <Typography variant="subtitle1" component="h4">
              {source} ({items.length})
            </Typography>
            <SourceLinks source={source} {...props} />
          </Box>
          {items.some(e => cited.has(e.id)) ? (
            <EvidenceTable items={items} />
          ) : (
            // Evidence no leading hypothesis cites: there to check, folded away.
            <Accordion TransitionProps={{ unmountOnExit: true }}>
              <AccordionSummary expandIcon={<ExpandMoreIcon />}>
                <Typography variant="body2">
                  Show {items.length} item{items.length === 1 ? '' : 's'}
                </Typography>
              </AccordionSummary>
              <AccordionDetails style={{ display: 'block' }}>
                <EvidenceTable items={items} />
              </AccordionDetails>
            </Accordion>
          )}
        </Box>
      ))}
      {report.evidenceOmitted ? (
        <Typography variant="body2" color="textSecondary">
          {report.evidenceOmitted} more items are in the analysis, not in the
          report.
        </Typography>
      ) : null}
    </Section>
  );
}

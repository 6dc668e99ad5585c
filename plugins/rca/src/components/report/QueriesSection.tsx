import { Link } from '@backstage/core-components';
import type { RcaReport } from '@internal/plugin-rca-common';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Typography,
} from '@material-ui/core';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { useTableStyles } from './cellStyles';
import { parseQuery, queryLink, type SourceUis } from './deepLinks';

/** Every query the analysis sent, folded away: it is for checking, not for reading first. */
export function QueriesSection(props: { report: RcaReport; uis: SourceUis }) {
  const { report, uis } = props;
  const classes = useTableStyles();
  if (!report.queries.length) return null;
  return (
    <Accordion
      data-testid="rca-queries"
      TransitionProps={{ unmountOnExit: true }}
    >
      <AccordionSummary expandIcon={<ExpandMoreIcon />}>
        <Typography variant="h6" component="h3">
          Queries used ({report.queries.length})
        </Typography>
      </AccordionSummary>
      <AccordionDetails style={{ display: 'block' }}>
        <ol style={{ paddingLeft: 24, margin: 0 }}>
          {report.queries.map((line, i) => {
            const q = parseQuery(line);
            const href = queryLink(q, uis, report.window);
            return (
              <li key={i} className={classes.cell}>
                <code className={classes.code}>{line}</code>{' '}
                {href ? <Link to={href}>open</Link> : null}
              </li>
            );
          })}
        </ol>
      </AccordionDetails>
    </Accordion>
  );
}

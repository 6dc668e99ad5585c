import type { RcaReport } from '@internal/plugin-rca-common';
import { TableCell, TableRow } from '@material-ui/core';
import { type DiagramRenderer, MermaidDiagram } from '../MermaidDiagram';
import { useTableStyles } from './cellStyles';
import { ReportTable } from './ReportTable';
import { Section } from './Section';

/** The Mermaid block of the committed Markdown: the page draws what GitHub and GitLab draw. */
export function mermaidBlock(markdown: string): string | undefined {
  return /```mermaid\n([\s\S]*?)\n```/.exec(markdown)?.[1];
}

/** The timeline: the short diagram, then every entry with its full text. */
export function TimelineSection(props: {
  report: RcaReport;
  markdown: string;
  renderDiagram?: DiagramRenderer;
}) {
  const { report } = props;
  const classes = useTableStyles();
  const code = mermaidBlock(props.markdown);
  if (!report.timeline.length) return null;
  return (
    <Section title="Timeline (UTC)" testId="rca-timeline">
      {code ? (
        <MermaidDiagram code={code} render={props.renderDiagram} />
      ) : null}
      <ReportTable headers={['Time', 'Kind', 'What happened', 'Evidence']}>
        {report.timeline.map((e, i) => (
          <TableRow key={i}>
            <TableCell className={classes.nowrap}>
              {e.at.slice(11, 19)}
            </TableCell>
            <TableCell className={classes.nowrap}>{e.kind}</TableCell>
            <TableCell className={classes.cell}>{e.text}</TableCell>
            <TableCell className={classes.cell}>
              {e.evidence.join(', ') || '—'}
            </TableCell>
          </TableRow>
        ))}
      </ReportTable>
    </Section>
  );
}

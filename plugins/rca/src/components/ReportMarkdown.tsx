import type { ReactNode } from 'react';
import ReactMarkdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { makeStyles } from '@material-ui/core';
import { type DiagramRenderer, MermaidDiagram } from './MermaidDiagram';

const useStyles = makeStyles(theme => ({
  root: {
    overflowWrap: 'anywhere',
    '& table': { borderCollapse: 'collapse', margin: theme.spacing(1, 0) },
    '& th, & td': {
      border: `1px solid ${theme.palette.divider}`,
      padding: theme.spacing(0.5, 1),
      verticalAlign: 'top',
    },
    '& pre': {
      background: theme.palette.background.default,
      padding: theme.spacing(1),
      overflowX: 'auto',
    },
  },
}));

type HastNode = {
  tagName?: string;
  properties?: { className?: unknown };
  children?: HastNode[];
  value?: string;
};

const text = (node?: HastNode): string =>
  node?.value ?? (node?.children ?? []).map(text).join('');

/**
 * A report body rendered as GitHub-flavoured Markdown. Raw HTML in the Markdown is shown as text,
 * never interpreted; link URLs go through react-markdown's safe-protocol filter; ```mermaid blocks
 * are drawn as diagrams.
 */
export function ReportMarkdown(props: {
  markdown: string;
  renderDiagram?: DiagramRenderer;
}) {
  const classes = useStyles();
  return (
    <div className={classes.root}>
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        linkTarget="_blank"
        components={{
          pre({ node, children }) {
            const code = (node as HastNode).children?.[0];
            const classNames = code?.properties?.className;
            if (
              code?.tagName === 'code' &&
              Array.isArray(classNames) &&
              classNames.includes('language-mermaid')
            )
              return (
                <MermaidDiagram
                  code={text(code).trimEnd()}
                  render={props.renderDiagram}
                />
              );
            return <pre>{children as ReactNode}</pre>;
          },
        }}
      >
        {props.markdown}
      </ReactMarkdown>
    </div>
  );
}

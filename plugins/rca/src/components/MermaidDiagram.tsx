import { useEffect, useState } from 'react';
import { Progress } from '@backstage/core-components';
import { Alert } from '@material-ui/lab';

/** Turns Mermaid source into SVG markup. */
export type DiagramRenderer = (id: string, code: string) => Promise<string>;

let sequence = 0;

/**
 * Mermaid, loaded on first use (it is large) and run with `securityLevel: 'strict'`: labels are
 * sanitised and click handlers disabled, so a hostile label cannot inject markup.
 */
export const renderWithMermaid: DiagramRenderer = async (id, code) => {
  const { default: mermaid } = await import('mermaid');
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    theme: 'neutral',
  });
  const { svg } = await mermaid.render(id, code);
  return svg;
};

export function MermaidDiagram(props: {
  code: string;
  render?: DiagramRenderer;
}) {
  const { code, render = renderWithMermaid } = props;
  const [state, setState] = useState<{ svg?: string; error?: string }>({});
  useEffect(() => {
    let live = true;
    setState({});
    render(`rca-mermaid-${++sequence}`, code).then(
      svg => live && setState({ svg }),
      e => live && setState({ error: String((e as Error)?.message ?? e) }),
    );
    return () => {
      live = false;
    };
  }, [code, render]);

  if (state.error)
    return (
      <>
        <Alert severity="warning">
          The timeline diagram could not be drawn: {state.error}
        </Alert>
        <pre>{code}</pre>
      </>
    );
  if (!state.svg) return <Progress />;
  return (
    <div
      data-testid="rca-diagram"
      style={{ overflowX: 'auto' }}
      // Mermaid's own output in strict mode (DOMPurify-sanitised SVG).
      dangerouslySetInnerHTML={{ __html: state.svg }}
    />
  );
}

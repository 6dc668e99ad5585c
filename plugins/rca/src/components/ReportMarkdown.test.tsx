import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor } from '@testing-library/react';
import { ReportMarkdown } from './ReportMarkdown';

const timeline = [
  '```mermaid',
  'timeline',
  '    title Timeline 2026-11-23 (UTC)',
  '    10.02 : Rollout revision 7 E1',
  '```',
].join('\n');

describe('ReportMarkdown', () => {
  it('renders tables and headings, and hands the Mermaid timeline to the diagram renderer', async () => {
    const render = jest.fn(
      async (_id: string, code: string) =>
        `<svg data-lines="${code.split('\n').length}"><text>drawn</text></svg>`,
    );
    await renderInTestApp(
      <ReportMarkdown
        markdown={`## Timeline\n\n${timeline}\n\n| Time | What |\n|---|---|\n| 10:02 | rollout |\n`}
        renderDiagram={render}
      />,
    );
    expect(
      screen.getByRole('heading', { name: 'Timeline' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('table')).toBeInTheDocument();
    expect(screen.getByRole('cell', { name: 'rollout' })).toBeInTheDocument();
    const diagram = await screen.findByTestId('rca-diagram');
    expect(diagram.querySelector('svg')).not.toBeNull();
    expect(render).toHaveBeenCalledWith(
      expect.stringMatching(/^rca-mermaid-/),
      expect.stringContaining('10.02 : Rollout revision 7 E1'),
    );
    // The code block itself is not shown next to the diagram.
    expect(screen.queryByText(/^timeline/)).toBeNull();
  });

  it('shows raw HTML as text and drops javascript: links', async () => {
    const { container } = await renderInTestApp(
      <ReportMarkdown
        markdown={
          'Log line: <img src=x onerror="alert(1)"> and <script>alert(2)</script>\n\n' +
          '[runbook](javascript:alert(3)) · [docs](https://example.com/runbook)\n'
        }
        renderDiagram={async () => '<svg />'}
      />,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror="alert(1)">');
    const runbook = screen.getByRole('link', { name: 'runbook' });
    expect(runbook.getAttribute('href') ?? '').not.toMatch(/alert/);
    expect(screen.getByRole('link', { name: 'docs' })).toHaveAttribute(
      'href',
      'https://example.com/runbook',
    );
  });

  it('keeps the timeline readable as code when the diagram cannot be drawn', async () => {
    await renderInTestApp(
      <ReportMarkdown
        markdown={timeline}
        renderDiagram={async () => {
          throw new Error('Parse error on line 3');
        }}
      />,
    );
    await waitFor(() =>
      expect(
        screen.getByText(
          /timeline diagram could not be drawn: Parse error on line 3/,
        ),
      ).toBeInTheDocument(),
    );
    expect(
      screen.getByText(/10\.02 : Rollout revision 7 E1/),
    ).toBeInTheDocument();
  });
});

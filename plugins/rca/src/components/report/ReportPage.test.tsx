import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type { CommittedReport, RcaReport } from '@internal/plugin-rca-common';
import { reportSchema } from '@internal/plugin-rca-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type RcaApi, rcaApiRef } from '../../api/RcaApi';
import demo from './__fixtures__/demoReport.json';
import { ReportPage } from './ReportPage';

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };
// The demo report as the engine made it (trimmed), checked against the schema it is read with.
const report: RcaReport = reportSchema.parse(demo);

const markdown = `---\nid: demo-1\n---\n\n# Payments crash loop\n\n\`\`\`mermaid\ntimeline\n    Change : 20:43 rollout revision 7 (E5)\n\`\`\`\n`;

const committed = (over: Partial<RcaReport> = {}): CommittedReport => ({
  id: 'demo-1',
  path: 'reports/rca/2026/12/2026-12-07-payments-demo-1.md',
  commitSha: '0123456789abcdef0123456789abcdef01234567',
  markdown,
  report: { ...report, ...over },
  links: {
    entity: 'http://localhost:3000/catalog/default/resource/rca-demo-1',
    markdown: 'http://localhost:7007/api/rca/v1/reports/demo-1/markdown',
    commit: 'https://git.example.com/sre/reports/commit/0123456789abcdef',
  },
});

async function renderPage(file: CommittedReport) {
  const api: RcaApi = { getReport: async () => file };
  const svg = jest.fn(async () => '<svg><text>timeline</text></svg>');
  await renderInTestApp(
    <ReportPage analysisId="demo-1" renderDiagram={svg} />,
    {
      apis: [[rcaApiRef, api]],
      config: {
        rca: {
          ui: {
            victoriaMetricsUrl: 'http://vm.example:8428/',
            victoriaLogsUrl: 'http://vl.example:9428',
          },
        },
      },
      mountedRoutes,
    },
  );
  return svg;
}

describe('ReportPage', () => {
  it('heads the page with the cause, confidence, status, window, component and commit', async () => {
    await renderPage(committed());
    const header = await screen.findByTestId('rca-report-header');
    const h = within(header);
    expect(h.getByText('crashloop_missing_env_or_config')).toBeInTheDocument();
    expect(h.getByText('0.78')).toBeInTheDocument();
    expect(h.getByText('complete')).toBeInTheDocument();
    expect(
      h.getByText(/^\d{4}-\d\d-\d\d \d\d:\d\d–\d\d:\d\d UTC$/),
    ).toBeInTheDocument();
    expect(h.getByRole('link', { name: /^0123456789ab/ })).toHaveAttribute(
      'href',
      'https://git.example.com/sre/reports/commit/0123456789abcdef',
    );
    expect(
      h.getByRole('link', { name: 'Kubernetes of the component' }),
    ).toHaveAttribute('href', '/catalog/default/component/payments/kubernetes');
    // No raw HTML shown as text anywhere on the page.
    expect(document.body.textContent).not.toMatch(
      /<\/?(sub|sup|b|i|br|div|span|script|details|summary)\b[^>]*>/,
    );
  });

  it('shows the hypotheses with their chain, the timeline diagram and the full timeline text', async () => {
    const svg = await renderPage(
      committed({
        hypotheses: [
          {
            ...report.hypotheses[0],
            chain: ['config removed', 'crash loop', 'pods not ready'],
          },
          ...report.hypotheses.slice(1),
        ],
      }),
    );
    expect(await screen.findByTestId('rca-chain')).toHaveTextContent(
      'config removed → crash loop → pods not ready',
    );
    const table = within(screen.getByTestId('rca-hypotheses'));
    expect(
      table.getAllByText('crashloop_missing_env_or_config').length,
    ).toBeGreaterThan(0);
    expect(await screen.findByTestId('rca-diagram')).toBeInTheDocument();
    expect(svg).toHaveBeenCalledWith(
      expect.any(String),
      'timeline\n    Change : 20:43 rollout revision 7 (E5)',
    );
    const timeline = within(screen.getByTestId('rca-timeline'));
    for (const e of report.timeline)
      expect(timeline.getAllByText(e.text).length).toBeGreaterThan(0);
    // "What changed" is absent from this report, so it is not drawn.
    expect(screen.queryByTestId('rca-changes')).toBeNull();
  });
});

describe('ReportPage evidence', () => {
  it('groups evidence by source with links to where it came from, and folds the queries away', async () => {
    await renderPage(committed());
    const evidence = within(await screen.findByTestId('rca-evidence'));
    expect(evidence.getByText(/^kubernetes \(\d+\)$/)).toBeInTheDocument();
    expect(evidence.getByText(/^victoriametrics \(2\)$/)).toBeInTheDocument();
    const graph = evidence.getByRole('link', {
      name: /^Graph in VictoriaMetrics/,
    });
    expect(graph.getAttribute('href')).toMatch(
      /^http:\/\/vm\.example:8428\/vmui\/#\/\?g0\.expr=sum%20by%20\(pod\)/,
    );
    const logs = evidence.getByRole('link', { name: /^Query in VictoriaLogs/ });
    expect(logs.getAttribute('href')).toContain(
      `query=${encodeURIComponent(
        '{kubernetes.pod_namespace="payments-prod"',
      )}`,
    );
    // Folded: the queries are not on the page until opened.
    const queries = screen.getByTestId('rca-queries');
    expect(within(queries).queryByText(/^victoriametrics: /)).toBeNull();
    await userEvent.click(within(queries).getByText(/Queries used \(6\)/));
    expect(
      (await within(queries).findAllByText(/^victoriametrics: /)).length,
    ).toBeGreaterThan(0);
  });
});

describe('ReportPage charts', () => {
  it('draws a chart per changed metric, and none for reports made before series were kept', async () => {
    await renderPage(committed());
    expect(await screen.findAllByTestId('rca-metric-chart')).toHaveLength(2);
    expect(
      screen.getAllByText(
        /container restarts · payments-prod\/payments-7f9c6d8b5-/,
      ),
    ).toHaveLength(2);
  });

  it('draws no chart section for a report without series', async () => {
    await renderPage(committed({ series: undefined }));
    await screen.findByTestId('rca-report-header');
    expect(screen.queryByTestId('rca-metrics')).toBeNull();
  });
});

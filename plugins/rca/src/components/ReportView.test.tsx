import { NotFoundError, ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import type { CommittedReport } from '@internal/plugin-rca-common';
import { type RcaApi, rcaApiRef } from '../api/RcaApi';
import { ReportView } from './ReportView';

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

const markdown = `---
id: "a1"
status: "degraded"
---

# Payments crash loop

Summary with a <b>tag</b>.

\`\`\`mermaid
timeline
    10.02 : Rollout E1
\`\`\`
`;

const committed = (over: Partial<CommittedReport> = {}): CommittedReport => ({
  id: 'a1',
  path: 'reports/rca/2026/11/2026-11-23-payments-a1.md',
  commitSha: '0123456789abcdef0123456789abcdef01234567',
  markdown,
  report: {
    id: 'a1',
    entityRef: 'component:default/payments',
    status: 'degraded',
    rootCause: {
      category: 'crashloop_missing_env_or_config',
      title: 'Crash loop',
      confidence: 0.67,
    },
  } as CommittedReport['report'],
  links: {
    entity: 'http://localhost:3000/catalog/default/resource/rca-a1',
    markdown: 'http://localhost:7007/api/rca/v1/reports/a1/markdown',
    commit: 'https://git.example.com/sre/reports/commit/0123456789abcdef',
  },
  ...over,
});

const api = (impl: RcaApi['getReport']): RcaApi => ({ getReport: impl });

describe('ReportView', () => {
  it('shows the root cause, status and commit, and renders the body without its front matter', async () => {
    const getReport = jest.fn(async () => committed());
    await renderInTestApp(
      <ReportView analysisId="a1" renderDiagram={async () => '<svg />'} />,
      { apis: [[rcaApiRef, api(getReport)]], mountedRoutes },
    );
    expect(
      await screen.findByText('crashloop_missing_env_or_config'),
    ).toBeInTheDocument();
    expect(getReport).toHaveBeenCalledWith('a1');
    expect(screen.getByText('degraded')).toBeInTheDocument();
    expect(screen.getByText(/confidence 0\.67/)).toBeInTheDocument();
    expect(screen.getByText(/commit 0123456789ab/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /view commit/ })).toHaveAttribute(
      'href',
      'https://git.example.com/sre/reports/commit/0123456789abcdef',
    );
    expect(
      screen.getByRole('heading', { name: 'Payments crash loop' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Summary with a <b>tag<\/b>\./),
    ).toBeInTheDocument();
    expect(screen.queryByText(/status: "degraded"/)).toBeNull();
    expect(await screen.findByTestId('rca-diagram')).toBeInTheDocument();
  });
});

describe('ReportView when the report cannot be shown', () => {
  it('says what is wrong when the report is missing or malformed', async () => {
    const { unmount } = await renderInTestApp(
      <ReportView analysisId="gone" />,
      {
        mountedRoutes,
        apis: [
          [
            rcaApiRef,
            api(async () => {
              throw new NotFoundError('No committed report for analysis gone');
            }),
          ],
        ],
      },
    );
    expect(
      (await screen.findAllByText(/No committed report for analysis gone/))[0],
    ).toBeInTheDocument();
    unmount();

    await renderInTestApp(<ReportView analysisId="bad" />, {
      mountedRoutes,
      apis: [
        [
          rcaApiRef,
          api(async () =>
            committed({
              report: undefined,
              error: 'front matter is not valid YAML',
              markdown: '# just text\n',
            }),
          ),
        ],
      ],
    });
    expect(
      await screen.findByText(
        /could not be parsed: front matter is not valid YAML/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'just text' }),
    ).toBeInTheDocument();
  });

  it('tells a reader without namespace access why the report is withheld', async () => {
    const forbidden = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'NotAllowedError',
            message:
              'This analysis draws on Kubernetes namespaces you may not read',
          },
          response: { statusCode: 403 },
        }),
        { status: 403, headers: { 'content-type': 'application/json' } },
      ) as never,
    );
    await renderInTestApp(<ReportView analysisId="a1" />, {
      mountedRoutes,
      apis: [[rcaApiRef, api(async () => Promise.reject(forbidden))]],
    });
    expect(
      await screen.findByText(/You may not read this report/),
    ).toBeInTheDocument();
    expect(screen.queryByText('Crash loop')).not.toBeInTheDocument();
  });
});

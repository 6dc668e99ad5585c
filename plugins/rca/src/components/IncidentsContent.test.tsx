import type { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import { IncidentsContent } from './IncidentsContent';

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
};

const report = (
  name: string,
  of: string,
  generatedAt: string,
  rootCause: string,
  status = 'complete',
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name,
    namespace: 'default',
    title: `Report ${name}`,
    annotations: {
      'rca.backstage.io/analysis-id': name.slice(4),
      'rca.backstage.io/generated-at': generatedAt,
      'rca.backstage.io/root-cause': rootCause,
      'rca.backstage.io/confidence': '0.87',
      'rca.backstage.io/status': status,
    },
  },
  spec: { type: 'rca-report', owner: 'team-payments', dependencyOf: [of] },
  relations: [{ type: 'dependencyOf', targetRef: of }],
});

const render = (entities: Entity[]) =>
  renderInTestApp(
    <EntityProvider entity={payments}>
      <IncidentsContent templatePath="/create/templates/default/rca-analyze" />
    </EntityProvider>,
    {
      apis: [[catalogApiRef, catalogApiMock({ entities })]],
      mountedRoutes,
    },
  );

describe('IncidentsContent', () => {
  it("lists the component's reports newest first with root cause, confidence and status", async () => {
    await render([
      payments,
      report(
        'rca-old',
        'component:default/payments',
        '2026-11-20T08:00:00Z',
        'memory_leak',
      ),
      report(
        'rca-new',
        'component:default/payments',
        '2026-11-23T10:00:00Z',
        'bad_rollout_regression',
        'degraded',
      ),
      report(
        'rca-other',
        'component:default/checkout',
        '2026-11-23T11:00:00Z',
        'dns_resolution_failure',
      ),
    ]);
    expect(await screen.findByText('Incidents (2)')).toBeInTheDocument();
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText('Report rca-new')).toBeInTheDocument();
    expect(
      within(rows[0]).getByText('bad_rollout_regression'),
    ).toBeInTheDocument();
    expect(within(rows[0]).getByText('degraded')).toBeInTheDocument();
    expect(within(rows[0]).getByText('2026-11-23 10:00')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Report rca-old')).toBeInTheDocument();
    expect(within(rows[1]).getByText('0.87')).toBeInTheDocument();
    expect(screen.queryByText('Report rca-other')).toBeNull();
  });

  it('offers Analyze incident with the component filled in, and says when there is nothing yet', async () => {
    await render([payments]);
    expect(
      await screen.findByText(/No incident reports for this component yet/),
    ).toBeInTheDocument();
    const link = screen.getByText('Analyze incident').closest('a')!;
    const url = new URL(link.getAttribute('href')!, 'http://localhost');
    expect(url.pathname).toBe('/create/templates/default/rca-analyze');
    expect(JSON.parse(url.searchParams.get('formData')!)).toEqual({
      entityRef: 'component:default/payments',
    });
  });
});

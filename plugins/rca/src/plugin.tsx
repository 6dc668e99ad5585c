import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
  EntityContentLayoutBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { RCA_REPORT_ENTITY_TYPE, RcaClient } from '@internal/plugin-rca-common';
import { z } from 'zod';
import { rcaApiRef } from './api/RcaApi';

const rcaApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: rcaApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new RcaClient(deps),
    }),
});

/** "Incidents" tab on component pages. `templatePath` points at the Analyze incident template. */
const incidentsContent = EntityContentBlueprint.makeWithOverrides({
  name: 'incidents',
  configSchema: {
    templatePath: z.string().default('/create/templates/default/rca-analyze'),
  },
  factory(originalFactory, { config }) {
    return originalFactory({
      path: '/incidents',
      title: 'Incidents',
      filter: { kind: 'component' },
      loader: () =>
        import('./components/IncidentsContent').then(m => (
          <m.IncidentsContent templatePath={config.templatePath} />
        )),
    });
  },
});

/** The report itself on the report entity's overview. */
const reportCard = EntityCardBlueprint.make({
  name: 'report',
  params: {
    type: 'content',
    filter: { kind: 'resource', 'spec.type': RCA_REPORT_ENTITY_TYPE },
    loader: () =>
      import('./components/ReportEntityCard').then(m => <m.ReportEntityCard />),
  },
});

/** Report entities' overview: the report full width, not in a column beside the About card. */
const reportLayout = EntityContentLayoutBlueprint.make({
  name: 'report',
  params: {
    filter: { kind: 'resource', 'spec.type': RCA_REPORT_ENTITY_TYPE },
    loader: async () =>
      import('./components/report/ReportLayout').then(m => m.ReportLayout),
  },
});

/**
 * The rca frontend plugin.
 *
 * @public
 */
export default createFrontendPlugin({
  pluginId: 'rca',
  title: 'Root cause analysis',
  extensions: [rcaApi, incidentsContent, reportCard, reportLayout],
});

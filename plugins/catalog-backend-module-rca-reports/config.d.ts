import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * RCA reports as catalog entities. The repository is the one reports are committed to
       * (`rca.reports.git`); this block only tunes the provider.
       */
      rcaReports?: {
        /** Full refresh schedule. Default every 10 minutes; publications refresh at once. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /** Owner of reports whose front matter names none. Default `group:default/sre`. */
        defaultOwner?: string;
      };
    };
  };
}

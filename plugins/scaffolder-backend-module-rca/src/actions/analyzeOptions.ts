import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/** What `rca:analyze` needs from the backend. */
export interface RcaAnalyzeActionOptions {
  discovery: DiscoveryService;
  auth: AuthService;
  /** Poll interval while the analysis runs. Default 1 000 ms. */
  pollIntervalMs?: number;
  /**
   * When given, the action waits (up to `catalogWaitMs`, default 30 s) until the committed report
   * is in the catalog, so the task's "Report in the catalog" link opens a page that exists.
   */
  catalog?: CatalogService;
  catalogWaitMs?: number;
}

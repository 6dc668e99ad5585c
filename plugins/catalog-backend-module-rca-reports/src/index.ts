/**
 * Catalog module: RCA reports committed to Git become `Resource` entities of type `rca-report`.
 *
 * @packageDocumentation
 */
export { catalogModuleRcaReports as default } from './module';
export {
  RcaReportEntityProvider,
  type RcaReportEntityProviderOptions,
  type RefreshResult,
} from './provider/RcaReportEntityProvider';
export { reportToEntity } from './provider/reportToEntity';

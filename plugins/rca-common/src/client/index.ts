export { RcaClient, type RcaClientOptions } from './RcaClient';
export type {
  Analysis,
  AnalysisError,
  AnalysisResult,
  AnalysisResultSummary,
  AnalysisSummary,
  CommittedReport,
  CommittedReportLinks,
  CreateAnalysisResponse,
  ListAnalysesRequest,
  ListAnalysesResponse,
  RcaRequestOptions,
} from './types';

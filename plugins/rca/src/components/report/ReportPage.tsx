import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import { Alert } from '@material-ui/lab';
import useAsync from 'react-use/esm/useAsync';
import { rcaApiRef } from '../../api/RcaApi';
import type { DiagramRenderer } from '../MermaidDiagram';
import { EvidenceBySource } from './EvidenceBySource';
import { HypothesesTable } from './HypothesesTable';
import { MetricCharts } from './MetricCharts';
import { QueriesSection } from './QueriesSection';
import { ReportHeader } from './ReportHeader';
import { SummarySection, WhatChanged } from './SummarySection';
import { TimelineSection } from './TimelineSection';
import type { SourceUis } from './deepLinks';

/** `rca.ui.*`: where the report's queries can be re-run. */
function useSourceUis(): SourceUis {
  const config = useApi(configApiRef);
  return {
    victoriaMetricsUrl: config.getOptionalString('rca.ui.victoriaMetricsUrl'),
    victoriaLogsUrl: config.getOptionalString('rca.ui.victoriaLogsUrl'),
  };
}

/**
 * One committed report as a page of its own: the finding first, then the chain, what changed,
 * the charts, the timeline and the evidence; the queries folded away.
 */
export function ReportPage(props: {
  analysisId: string;
  renderDiagram?: DiagramRenderer;
}) {
  const rca = useApi(rcaApiRef);
  const uis = useSourceUis();
  const { value, loading, error } = useAsync(
    () => rca.getReport(props.analysisId),
    [rca, props.analysisId],
  );
  if (loading) return <Progress />;
  if (error && (error as { statusCode?: number }).statusCode === 403)
    return (
      <Alert severity="warning">
        You may not read this report: it draws on Kubernetes namespaces you
        cannot see (kubernetes.namespace.read). Ask the owning team, or an
        admin, for access.
      </Alert>
    );
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  const { report } = value;
  if (!report)
    return (
      <Alert severity="warning">
        This report file could not be parsed: {value.error}
      </Alert>
    );
  return (
    <div data-testid="rca-report-page" style={{ minWidth: 0 }}>
      <ReportHeader report={report} file={value} />
      <SummarySection report={report} />
      <HypothesesTable report={report} />
      <WhatChanged report={report} />
      <MetricCharts report={report} />
      <TimelineSection
        report={report}
        markdown={value.markdown}
        renderDiagram={props.renderDiagram}
      />
      <EvidenceBySource report={report} file={value} uis={uis} />
      <QueriesSection report={report} uis={uis} />
    </div>
  );
}

import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import { Alert } from '@material-ui/lab';
import type { DiagramRenderer } from '../MermaidDiagram';
import { type CommittedReportFile, ReportFile } from '../ReportFile';
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
  const uis = useSourceUis();
  return (
    <ReportFile analysisId={props.analysisId}>
      {value => (
        <ReportContent
          file={value}
          uis={uis}
          renderDiagram={props.renderDiagram}
        />
      )}
    </ReportFile>
  );
}

function ReportContent({
  file: value,
  uis,
  renderDiagram,
}: {
  file: CommittedReportFile;
  uis: SourceUis;
  renderDiagram?: DiagramRenderer;
}) {
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
        renderDiagram={renderDiagram}
      />
      <EvidenceBySource report={report} file={value} uis={uis} />
      <QueriesSection report={report} uis={uis} />
    </div>
  );
}

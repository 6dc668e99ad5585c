import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { Alert } from '@material-ui/lab';
import type { ReactElement } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { type RcaApi, rcaApiRef } from '../api/RcaApi';

export type CommittedReportFile = Awaited<ReturnType<RcaApi['getReport']>>;

/**
 * Fetches one committed report and renders `children` with it; while loading, on a denial
 * (namespaces the reader may not see) or on an error it says so instead.
 */
export function ReportFile(props: {
  analysisId: string;
  children: (file: CommittedReportFile) => ReactElement | null;
}) {
  const rca = useApi(rcaApiRef);
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
  return props.children(value);
}

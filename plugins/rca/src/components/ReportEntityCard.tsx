import { useEntity } from '@backstage/plugin-catalog-react';
import { RCA_ANNOTATIONS } from '@internal/plugin-rca-common';
import { Alert } from '@material-ui/lab';
import { ReportPage } from './report/ReportPage';

/** The report on its own entity page (`Resource` of type `rca-report`), full width. */
export function ReportEntityCard() {
  const { entity } = useEntity();
  const id = entity.metadata.annotations?.[RCA_ANNOTATIONS.analysisId];
  return id ? (
    <ReportPage analysisId={id} />
  ) : (
    <Alert severity="warning">
      This entity has no {RCA_ANNOTATIONS.analysisId} annotation, so its report
      cannot be found.
    </Alert>
  );
}

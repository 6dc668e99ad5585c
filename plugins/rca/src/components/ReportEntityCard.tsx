import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { RCA_ANNOTATIONS } from '@internal/plugin-rca-common';
import { Alert } from '@material-ui/lab';
import { ReportView } from './ReportView';

/** The report on its own entity page (`Resource` of type `rca-report`). */
export function ReportEntityCard() {
  const { entity } = useEntity();
  const id = entity.metadata.annotations?.[RCA_ANNOTATIONS.analysisId];
  return (
    <InfoCard title="Root cause analysis report">
      {id ? (
        <ReportView analysisId={id} />
      ) : (
        <Alert severity="warning">
          This entity has no {RCA_ANNOTATIONS.analysisId} annotation, so its
          report cannot be found.
        </Alert>
      )}
    </InfoCard>
  );
}

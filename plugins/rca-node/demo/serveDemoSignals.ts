/* eslint-disable no-console */
import { VictoriaLogsStandIn } from '@internal/victorialogs-standin';
import {
  startVictoriaMetrics,
  victoriaMetricsInstalled,
} from '../src/__testUtils__/victoriaMetricsServer';
import { demoLogRows, demoRestartSeries } from './demoSignals';

// `./rca start` runs this: the demo incident's logs on a VictoriaLogs stand-in (port 9428) and,
// when the Debian package is installed, its metrics in a real VictoriaMetrics (port 8428).
async function main() {
  const now = Date.now();
  const logs = new VictoriaLogsStandIn();
  const rows = demoLogRows(now);
  logs.ingest(rows, {
    streamFields: [
      'kubernetes.pod_namespace',
      'kubernetes.pod_name',
      'kubernetes.container_name',
    ],
  });
  await logs.start(9428);
  console.log(
    `demo VictoriaLogs stand-in: http://127.0.0.1:9428 (${rows.length} lines)`,
  );

  if (!victoriaMetricsInstalled()) {
    console.log(
      'VictoriaMetrics is not installed (apt-get install victoria-metrics): the demo runs on Kubernetes and log evidence, and its report lists metrics as a gap',
    );
  } else {
    const vm = await startVictoriaMetrics({ port: 8428 });
    await vm.load(demoRestartSeries(now));
    console.log(`demo VictoriaMetrics: ${vm.url}`);
    process.on('SIGTERM', () => vm.stop().then(() => process.exit(0)));
  }
  process.on('SIGINT', () => process.exit(0));
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});

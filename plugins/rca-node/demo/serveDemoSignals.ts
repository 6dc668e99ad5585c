/* eslint-disable no-console */
import { VictoriaLogsStandIn } from '@internal/victorialogs-standin';
import {
  type ImportSeries,
  startVictoriaMetrics,
  victoriaMetricsInstalled,
} from '../src/__testUtils__/victoriaMetricsServer';

// `./rca start` runs this: the demo incident's logs on a VictoriaLogs stand-in (port 9428) and,
// when the Debian package is installed, its metrics in a real VictoriaMetrics (port 8428).
const NS = 'payments-prod';
const PODS = ['payments-5d4b8c7f6-kx2lp', 'payments-5d4b8c7f6-q8z4t'];
const ONSET_MIN = -14;

/** The demo's log lines: healthy traffic, a chronic warning, and the panic from the onset on. */
function demoLogRows(now: number): object[] {
  const at = (minute: number) => new Date(now + minute * 60_000).toISOString();
  const rows: object[] = [];
  for (const pod of PODS) {
    const meta = {
      pod_namespace: NS,
      pod_name: pod,
      container_name: 'payments',
    };
    for (let m = -120; m < 0; m += 2)
      rows.push({
        _time: at(m),
        _msg: `GET /health 200 in ${3 + (m % 4)} ms`,
        level: 'info',
        kubernetes: meta,
      });
    for (let m = -120; m < 0; m += 10)
      rows.push({
        _time: at(m),
        _msg: 'deprecated setting payments.retry.legacy ignored',
        level: 'warn',
        kubernetes: meta,
      });
    for (let m = ONSET_MIN; m < 0; m += 0.5)
      rows.push({
        _time: at(m),
        _msg: 'panic: required environment variable PAYMENTS_DB_POOL_SIZE is not set',
        level: 'error',
        kubernetes: meta,
      });
  }
  // The dependencies the analysis follows (ledger, payments-db) log normally: healthy evidence,
  // not a gap.
  for (const [pod, container, msg] of [
    ['ledger-66f9d7c5b4-abcde', 'ledger', 'POST /entries 201 in 12 ms'],
    ['ledger-66f9d7c5b4-fghij', 'ledger', 'POST /entries 201 in 14 ms'],
    ['payments-db-0', 'postgres', 'checkpoint complete: wrote 412 buffers'],
  ])
    for (let m = -120; m < 0; m += 5)
      rows.push({
        _time: at(m),
        _msg: msg,
        level: 'info',
        kubernetes: {
          pod_namespace: NS,
          pod_name: pod,
          container_name: container,
        },
      });
  return rows;
}

/** The restart counters of the crash-looping pods, every 30 s over 130 minutes. */
function demoRestartSeries(now: number): ImportSeries[] {
  const step = 30;
  const end = Math.floor(now / 1000 / step) * step;
  return PODS.map(pod => {
    const values: number[] = [];
    const timestamps: number[] = [];
    let restarts = 0;
    for (let t = end - 130 * 60; t <= end; t += step) {
      if ((t * 1000 - now) / 60_000 >= ONSET_MIN && t % 120 === 0) restarts++;
      values.push(restarts);
      timestamps.push(t * 1000);
    }
    return {
      metric: {
        __name__: 'kube_pod_container_status_restarts_total',
        namespace: NS,
        pod,
        container: 'payments',
      },
      values,
      timestamps,
    };
  });
}

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

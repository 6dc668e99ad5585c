import { e, FormatSpec, Gen, once, Param, t, twice } from '../model';
import * as ts from '../time';
import {
  anyPodIpPort,
  bytes,
  cat,
  clientIp,
  clusterIp,
  goDur,
  hex,
  int,
  millis,
  orderId,
  pick,
  podIpPort,
  sku,
  traceId,
  uuid,
  wpick,
} from '../values';
import { kvParams } from './common';

// key=value (logfmt) lines from Go services and cluster tools:
// - Go log/slog TextHandler: `time=… level=INFO msg=… k=v` — https://pkg.go.dev/log/slog#TextHandler
// - go-kit log (Prometheus): `ts=… caller=file:line level=info component=… msg=…` — https://github.com/go-kit/log ,
//   https://github.com/prometheus/prometheus (tsdb/, scrape/, notifier/ messages)
// - logrus TextFormatter (external-dns, Argo CD): `time="…" level=info msg="…" k=v` — https://github.com/sirupsen/logrus#formatters
// - Grafana: `logger=… t=… level=info msg=… k=v` — https://grafana.com/docs/grafana/latest/setup-grafana/configure-grafana/#log
// - logfmt itself: https://brandur.org/logfmt
// Convention: the message (msg) plus level, logger (logger/component) and error (err/error) values
// are the event, the error text with its own variables masked; every other key's value is a
// parameter (key names are constant text). A value's quotes belong to the value when the writer
// quotes only values that need it (slog, logrus, go-kit), so the parameter is the whole value.

const path: Param = g =>
  g.r.weighted<string>([
    [`/api/cart/${uuid(g)}`, 5],
    [`/api/cart/${uuid(g)}/items`, 3],
    [`/v1/stock/${sku(g)}`, 4],
    [`/v1/shipments/${orderId(g)}`, 2],
    ['/healthz', 3],
    ['/metrics', 2],
  ]);
const method = wpick(['GET', 8], ['POST', 3], ['DELETE', 1]);
const status = wpick(
  ['200', 90],
  ['201', 3],
  ['204', 3],
  ['404', 2],
  ['500', 1],
  ['503', 1],
);
const slogTs = ts.iso3;

/** slog TextHandler: `time=… level=LEVEL msg=… ` then the attributes. */
const slog = (level: string, msg: string, attrs: string, ...ps: Param[]) =>
  kvParams(
    t(
      `time=<*> level=${level} msg=${
        msg.includes(' ') ? JSON.stringify(msg) : msg
      }${attrs ? ` ${attrs}` : ''}`,
      slogTs,
      ...ps,
    ),
  );

const SLOG = [
  e(
    900,
    slog(
      'INFO',
      'http request',
      'method=<*> path=<*> status=<*> duration=<*> request_id=<*>',
      method,
      path,
      status,
      goDur(3, 1.1),
      hex(16),
    ),
  ),
  e(
    160,
    slog(
      'INFO',
      'cache hit',
      'key=<*> ttl=<*>',
      cat('cart:', uuid),
      goDur(1_500_000, 0.3),
    ),
  ),
  e(70, slog('INFO', 'cache miss', 'key=<*>', cat('cart:', uuid))),
  e(
    120,
    slog(
      'INFO',
      'reserved stock',
      'sku=<*> qty=<*> order_id=<*> trace_id=<*>',
      sku,
      int(1, 5),
      orderId,
      traceId,
    ),
  ),
  e(
    30,
    slog(
      'INFO',
      'released stock',
      'sku=<*> qty=<*> order_id=<*> trace_id=<*>',
      sku,
      int(1, 5),
      orderId,
      traceId,
    ),
  ),
  e(
    40,
    slog(
      'WARN',
      'slow request',
      'method=<*> path=<*> duration=<*> threshold=500ms',
      method,
      path,
      goDur(900, 0.4),
    ),
  ),
  e(
    14,
    slog(
      'WARN',
      'insufficient stock',
      'sku=<*> requested=<*> available=<*>',
      sku,
      int(2, 9),
      int(0, 1),
    ),
  ),
  e(
    18,
    slog(
      'ERROR',
      'request failed',
      'method=<*> path=<*> err="context deadline exceeded"',
      method,
      path,
    ),
  ),
  e(
    9,
    slog(
      'ERROR',
      'request failed',
      'method=<*> path=<*> err="rpc error: code = Unavailable desc = connection error: desc = \\"transport: Error while dialing: dial tcp <*>: connect: connection refused\\""',
      method,
      path,
      podIpPort('inventory'),
    ),
  ),
  e(
    7,
    slog(
      'ERROR',
      'request failed',
      'method=<*> path=<*> err="pq: duplicate key value violates unique constraint \\"reservations_pkey\\""',
      method,
      path,
    ),
  ),
  e(
    12,
    slog(
      'WARN',
      'retrying',
      'attempt=<*> backoff=<*> err="dial tcp <*>: i/o timeout"',
      int(1, 4),
      goDur(400, 0.7),
      g => `${clusterIp('redis-master')(g)}:6379`,
    ),
  ),
  e(
    8,
    slog(
      'ERROR',
      'kafka publish failed',
      'topic=<*> partition=<*> err="kafka: client has run out of available brokers to talk to: dial tcp <*>: i/o timeout"',
      pick('stock-events', 'shipments'),
      int(0, 11),
      podIpPort('kafka'),
    ),
  ),
  e(
    20,
    slog(
      'INFO',
      'db pool stats',
      'db.open=<*> db.idle=<*> db.in_use=<*> db.wait_count=<*> db.wait_duration=<*>',
      int(5, 20),
      int(0, 10),
      int(0, 10),
      int(0, 40),
      goDur(2, 2),
    ),
  ),
  e(
    4,
    slog(
      'INFO',
      'starting server',
      'addr=:8080 version=<*> commit=<*>',
      pick('v2.14.1', 'v2.14.2'),
      hex(7),
    ),
  ),
  e(
    4,
    slog(
      'INFO',
      'shutting down',
      'signal=<*> timeout=<*>',
      pick('terminated', 'interrupt'),
      pick('30s'),
    ),
  ),
  e(twice, slog('ERROR', 'shutdown', 'err="context deadline exceeded"')),
  e(
    once,
    slog(
      'WARN',
      'config reloaded with defaults',
      'file=<*> err="open /etc/inventory/config.yaml: no such file or directory"',
      pick('/etc/inventory/config.yaml'),
    ),
  ),
];

/** go-kit log as Prometheus writes it. */
const prom = (
  caller: string,
  level: string,
  component: string,
  msg: string,
  rest: string,
  ...ps: Param[]
) =>
  kvParams(
    t(
      `ts=<*> caller=<*> level=${level}${
        component ? ` component=${component}` : ''
      } msg=${JSON.stringify(msg)}${rest ? ` ${rest}` : ''}`,
      slogTs,
      pick(caller),
      ...ps,
    ),
  );

const ulid: Param = g =>
  `01HR${g.r.chars(22, '0123456789ABCDEFGHJKMNPQRSTVWXYZ')}`;
const target: Param = g => `http://${anyPodIpPort(g)}/metrics`;

const PROMETHEUS = [
  e(
    50,
    prom(
      'head.go:1296',
      'info',
      'tsdb',
      'Head GC completed',
      'caller=truncateMemory duration=<*>',
      goDur(30, 0.6),
    ),
  ),
  e(
    50,
    prom(
      'compact.go:519',
      'info',
      'tsdb',
      'write block',
      'mint=<*> maxt=<*> ulid=<*> duration=<*> ooo=false',
      int(1709790000, 1709799999),
      int(1709800000, 1709809999),
      ulid,
      goDur(1800, 0.4),
    ),
  ),
  e(
    40,
    prom(
      'checkpoint.go:100',
      'info',
      'tsdb',
      'Creating checkpoint',
      'from_segment=<*> to_segment=<*> mint=<*>',
      int(100, 200),
      int(201, 300),
      int(1709790000, 1709799999),
    ),
  ),
  e(
    40,
    prom(
      'head.go:1264',
      'info',
      'tsdb',
      'WAL checkpoint complete',
      'first=<*> last=<*> duration=<*>',
      int(100, 200),
      int(201, 300),
      goDur(900, 0.5),
    ),
  ),
  e(
    20,
    prom(
      'db.go:1617',
      'info',
      'tsdb',
      'Deleting obsolete block',
      'block=<*>',
      ulid,
    ),
  ),
  e(
    60,
    prom(
      'scrape.go:1377',
      'warn',
      '"scrape manager"',
      'Error on ingesting samples with different value but same timestamp',
      'scrape_pool=<*> target=<*> num_dropped=<*>',
      pick('kubernetes-pods', 'serviceMonitor/shop/checkout/0'),
      target,
      int(1, 40),
    ),
  ),
  e(
    18,
    prom(
      'scrape.go:1400',
      'warn',
      '"scrape manager"',
      'Append failed',
      'scrape_pool=<*> target=<*> err="out of bounds"',
      pick('kubernetes-pods'),
      target,
    ),
  ),
  e(
    9,
    prom(
      'notifier.go:530',
      'error',
      'notifier',
      'Error sending alert',
      'alertmanager=http://alertmanager-operated.monitoring:9093/api/v2/alerts count=<*> err="Post \\"http://alertmanager-operated.monitoring:9093/api/v2/alerts\\": context deadline exceeded"',
      int(1, 6),
    ),
  ),
  e(
    6,
    prom(
      'manager.go:563',
      'warn',
      '"rule manager"',
      'Evaluating rule failed',
      'file=<*> group=<*> name=<*> index=<*> err="query timed out in expression evaluation"',
      pick('/etc/prometheus/rules/shop.yaml'),
      pick('checkout.rules', 'slo.rules'),
      pick('CheckoutErrorBudgetBurn', 'job:request_latency_seconds:p99'),
      int(0, 9),
    ),
  ),
  e(
    twice,
    prom(
      'main.go:1146',
      'info',
      '',
      'Server is ready to receive web requests.',
      '',
    ),
  ),
  e(
    twice,
    prom(
      'main.go:1317',
      'info',
      '',
      'Completed loading of configuration file',
      'filename=/etc/prometheus/config_out/prometheus.env.yaml totalDuration=<*>',
      goDur(40, 0.5),
    ),
  ),
];

/** logrus TextFormatter: `time="…" level=… msg="…"` then the fields, sorted. */
const logrus = (level: string, msg: string, rest: string, ...ps: Param[]) =>
  kvParams(
    t(
      `time="<*>" level=${level} msg=${JSON.stringify(msg)}${
        rest ? ` ${rest}` : ''
      }`,
      ts.iso0,
      ...ps,
    ),
  );

/** Route 53 hosted zone ids. */
const zoneId: Param = g =>
  g.r.chars(14, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
const app = pick('argocd/shop', 'argocd/payments', 'argocd/platform');
const sha = hex(40);

const LOGRUS = [
  e(60, logrus('info', 'All records are already up to date', '')),
  e(
    8,
    logrus(
      'info',
      'Applying provider record filter for domains: [example.com. .example.com.]',
      '',
    ),
  ),
  e(
    4,
    logrus(
      'info',
      'Desired change: CREATE <*> A [Id: /hostedzone/<*>]',
      '',
      pick('shop.example.com', 'api.example.com'),
      zoneId,
    ),
  ),
  e(
    3,
    logrus(
      'error',
      'Failed to do run once: soft error\nrecords retrieval failed: failed to list hosted zones: operation error Route 53: ListHostedZones, https response error StatusCode: 0, RequestID: , canceled, context deadline exceeded',
      '',
    ),
  ),
  e(
    220,
    logrus(
      'info',
      'Reconciliation completed',
      'application=<*> dedup_ms=<*> dest-name= dest-namespace=<*> dest-server="https://kubernetes.default.svc" diff_ms=<*> fields.level=<*> git_ms=<*> health_ms=<*> live_ms=<*> patch_ms=<*> setop_ms=<*> settings_ms=<*> sync_ms=<*> time_ms=<*>',
      app,
      int(0, 2),
      pick('shop', 'payments', 'platform'),
      int(2, 60),
      int(0, 2),
      int(0, 900),
      int(0, 5),
      int(1, 20),
      int(0, 30),
      int(0, 2),
      int(0, 2),
      int(0, 5),
      millis(200, 0.8),
    ),
  ),
  e(
    160,
    logrus(
      'info',
      'Refreshing app status (normal refresh requested), level (1)',
      'application=<*>',
      app,
    ),
  ),
  e(
    30,
    logrus(
      'info',
      'Refreshing app status (controller refresh requested), level (1)',
      'application=<*>',
      app,
    ),
  ),
  e(
    150,
    logrus(
      'info',
      'Comparing app state (cluster: https://kubernetes.default.svc, namespace: <*>)',
      'application=<*>',
      pick('shop', 'payments', 'platform'),
      app,
    ),
  ),
  e(
    140,
    logrus(
      'info',
      'Skipping auto-sync: application status is Synced',
      'application=<*>',
      app,
    ),
  ),
  e(
    6,
    logrus(
      'info',
      "Initiated automated sync to '<*>'",
      'application=<*> dest-namespace=<*> dest-server="https://kubernetes.default.svc" reason=ResourceUpdated type=Normal',
      sha,
      app,
      pick('shop', 'payments'),
    ),
  ),
  e(
    4,
    logrus(
      'warning',
      'Failed to get cached managed resources for tree reconciliation, fall back to full reconciliation',
      'application=<*>',
      app,
    ),
  ),
  e(
    3,
    logrus(
      'error',
      'Failed to cache app resources: error getting resource tree: cluster https://kubernetes.default.svc has not been synced yet',
      'application=<*>',
      app,
    ),
  ),
];

/** Grafana: `logger=… ` first, then `t=… level=… msg=…`. */
const grafana = (
  logger: string,
  level: string,
  msg: string,
  rest: string,
  ...ps: Param[]
) =>
  kvParams(
    t(
      `logger=${logger}${
        logger === 'context' ? ' userId=<*> orgId=<*> uname=<*>' : ''
      } t=<*> level=${level} msg=${JSON.stringify(msg)}${
        rest ? ` ${rest}` : ''
      }`,
      ...(logger === 'context'
        ? [int(0, 40), pick('1'), pick('admin', 'oncall', 'viewer')]
        : []),
      ts.iso9,
      ...ps,
    ),
  );

const GRAFANA = [
  e(
    40,
    grafana(
      'context',
      'info',
      'Request Completed',
      'method=<*> path=<*> status=<*> remote_addr=<*> time_ms=<*> duration=<*> size=<*> referer=<*> handler=<*> status_source=server',
      pick('GET', 'POST'),
      (g: Gen) =>
        `/api/dashboards/uid/${g.r.chars(
          9,
          'abcdefghijklmnopqrstuvwxyz0123456789',
        )}`,
      pick('302', '401', '404', '500'),
      clientIp,
      int(1, 4000),
      goDur(60, 1),
      bytes(90, 1),
      pick('', 'https://grafana.example.com/'),
      pick('/api/dashboards/uid/:uid', '/api/ds/query'),
    ),
  ),
  e(
    12,
    grafana(
      'sqlstore.transactions',
      'info',
      'Database locked, sleeping then retrying',
      'error="database is locked" retry=<*> code="database is locked"',
      int(0, 5),
    ),
  ),
  e(
    30,
    grafana(
      'cleanup',
      'info',
      'Completed cleanup jobs',
      'duration=<*>',
      goDur(12, 0.7),
    ),
  ),
  e(
    20,
    grafana('infra.usagestats', 'info', 'Usage stats are ready to report', ''),
  ),
  e(
    14,
    grafana(
      'ngalert.state.manager',
      'info',
      'State cache has been initialized',
      'states=<*> duration=<*>',
      int(10, 200),
      goDur(20, 0.7),
    ),
  ),
  e(
    8,
    grafana(
      'ngalert.scheduler',
      'warn',
      'Tick dropped because alert rule evaluation is too slow',
      'rule_uid=<*> org_id=1 time=<*>',
      hex(14),
      ts.iso3,
    ),
  ),
  e(
    6,
    grafana(
      'tsdb.prometheus',
      'error',
      'Error querying Prometheus',
      'error="Post \\"http://prometheus-operated.monitoring:9090/api/v1/query_range\\": context canceled" queryType=range',
    ),
  ),
];

export const logfmt: FormatSpec = {
  name: 'logfmt',
  title:
    'key=value / logfmt (Go slog, Prometheus go-kit, logrus text, Grafana)',
  sources: [
    'https://pkg.go.dev/log/slog#TextHandler',
    'https://github.com/go-kit/log',
    'https://github.com/sirupsen/logrus#formatters',
    'https://grafana.com/docs/grafana/latest/setup-grafana/configure-grafana/#log',
    'https://brandur.org/logfmt',
  ],
  records: 3500,
  entries: [...SLOG, ...PROMETHEUS, ...LOGRUS, ...GRAFANA],
};

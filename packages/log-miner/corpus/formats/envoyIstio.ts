import {
  e,
  Entry,
  Freq,
  FormatSpec,
  Gen,
  once,
  Param,
  t,
  TemplateSpec,
  twice,
} from '../model';
import * as ts from '../time';
import {
  anyPodIpPort,
  bytes,
  goDur,
  int,
  keep,
  millis,
  orderId,
  pick,
  podIp,
  podIpPort,
  port,
  productId,
  uuid,
  userId,
  wpick,
} from '../values';
import { workload } from '../world';
import { STATUS_CODES, StatusClass, statusTail } from './common';

// istio-proxy sidecar (Envoy) container: access log in Istio's default TEXT format, and the
// pilot-agent/Envoy process log.
// Access log format (Istio default, extends Envoy's default format string):
//   https://istio.io/latest/docs/tasks/observability/logs/access-log/
//   https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage#default-format-string
//   [%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE%
//   %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS%
//   "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% %BYTES_SENT% %DURATION%
//   %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%"
//   "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER%
//   %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS%
//   %REQUESTED_SERVER_NAME% %ROUTE_NAME%
// Response flags and details: https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage#config-access-log-format-response-flags
// Process log layout `time\tlevel\tscope\tmessage`: https://istio.io/latest/docs/ops/diagnostic-tools/component-logging/
// Convention: method, route, authority, upstream cluster, status class, response flags and
// response code details are the event; addresses, sizes, durations and ids are parameters.
// Status 0 (no response: the downstream went away) is written literally.

/** How a request ended: status class (or a fixed code), flags, details, transport failure. */
interface Outcome {
  readonly cls: StatusClass | 0;
  readonly codes?: [string, number][];
  readonly flags: string;
  readonly details: string;
  readonly failure: string;
}

const OUTCOMES = {
  ok: { cls: 2, flags: '-', details: 'via_upstream', failure: '-' },
  app4: { cls: 4, flags: '-', details: 'via_upstream', failure: '-' },
  app5: {
    cls: 5,
    codes: [
      ['500', 1],
      ['503', 1],
    ],
    flags: '-',
    details: 'via_upstream',
    failure: '-',
  },
  UF: {
    cls: 5,
    codes: [['503', 1]],
    flags: 'UF',
    details:
      'upstream_reset_before_response_started{connection_failure,delayed_connect_error:_111}',
    failure: 'delayed_connect_error:_111',
  },
  UH: {
    cls: 5,
    codes: [['503', 1]],
    flags: 'UH',
    details: 'no_healthy_upstream',
    failure: '-',
  },
  UT: {
    cls: 5,
    codes: [['504', 1]],
    flags: 'UT',
    details: 'response_timeout',
    failure: '-',
  },
  URX: {
    cls: 5,
    codes: [['503', 1]],
    flags: 'URX',
    details: 'via_upstream',
    failure: '-',
  },
  UC: {
    cls: 5,
    codes: [['503', 1]],
    flags: 'UC',
    details: 'upstream_reset_before_response_started{connection_termination}',
    failure: '-',
  },
  DC: {
    cls: 0,
    flags: 'DC',
    details: 'downstream_remote_disconnect',
    failure: '-',
  },
  NR: {
    cls: 4,
    codes: [['404', 1]],
    flags: 'NR',
    details: 'route_not_found',
    failure: '-',
  },
  RBAC: {
    cls: 4,
    codes: [['403', 1]],
    flags: '-',
    details: 'rbac_access_denied_matched_policy[none]',
    failure: '-',
  },
} satisfies Record<string, Outcome>;

type OutcomeName = keyof typeof OUTCOMES;

/** A request a sidecar sees: inbound to its own pod, or outbound to `target`. */
interface Call {
  readonly dir: 'inbound' | 'outbound';
  readonly method: string;
  readonly path: string;
  readonly pathParams: readonly Param[];
  readonly target: string;
  /** The caller, for inbound calls (its pod address is the downstream). */
  readonly from: string;
  readonly grpc: boolean;
  readonly outcomes: Partial<Record<OutcomeName, Freq>>;
}

const call = (
  dir: Call['dir'],
  method: string,
  path: string,
  pathParams: readonly Param[],
  target: string,
  from: string,
  outcomes: Call['outcomes'],
): Call => ({
  dir,
  method,
  path,
  pathParams,
  target,
  from,
  grpc: path.includes('.v1.'),
  outcomes,
});

const CALLS: readonly Call[] = [
  call('inbound', 'GET', '/api/cart/<*>', [uuid], 'cart', 'frontend', {
    ok: 520,
    app4: 14,
    app5: 4,
    DC: 3,
  }),
  call('inbound', 'POST', '/api/cart/<*>/items', [uuid], 'cart', 'frontend', {
    ok: 230,
    app4: 22,
    app5: 5,
  }),
  call(
    'outbound',
    'GET',
    '/api/catalog/products/<*>',
    [productId],
    'catalog',
    'frontend',
    { ok: 610, app4: 30, UC: 2, URX: twice },
  ),
  call('outbound', 'POST', '/v1/payments/charge', [], 'payments', 'checkout', {
    ok: 140,
    app4: 9,
    app5: 6,
    UF: 12,
    UT: 7,
    UH: 3,
  }),
  call('inbound', 'POST', '/v1/payments/charge', [], 'payments', 'checkout', {
    ok: 135,
    app4: 9,
    app5: 6,
    DC: 2,
  }),
  call(
    'outbound',
    'POST',
    '/inventory.v1.InventoryService/Reserve',
    [],
    'inventory',
    'checkout',
    { ok: 150, UF: 4, UT: 3 },
  ),
  call(
    'inbound',
    'POST',
    '/inventory.v1.InventoryService/Reserve',
    [],
    'inventory',
    'checkout',
    { ok: 148 },
  ),
  call(
    'outbound',
    'POST',
    '/inventory.v1.InventoryService/Release',
    [],
    'inventory',
    'checkout',
    { ok: 18, UF: once },
  ),
  call(
    'outbound',
    'GET',
    '/api/users/<*>/profile',
    [userId],
    'user-profile',
    'frontend',
    { ok: 190, app4: 5, RBAC: twice },
  ),
  call('outbound', 'POST', '/api/events', [], 'collector', 'frontend', {
    ok: 280,
    UH: 2,
  }),
  call(
    'outbound',
    'GET',
    '/api/recommendations/<*>',
    [userId],
    'recommendation',
    'frontend',
    { ok: 120, app5: 10, UT: 6, URX: 4 },
  ),
  call('inbound', 'GET', '/api/orders/<*>', [orderId], 'orders', 'frontend', {
    ok: 170,
    app4: 18,
  }),
  call(
    'outbound',
    'GET',
    '/api/shipping/v2/quote',
    [],
    'shipping',
    'checkout',
    { ok: 40, NR: 3 },
  ),
];

/** `[%START_TIME%] "METHOD PATH PROTO"`: the request part of the line. */
function requestPart(c: Call): [string, Param[]] {
  const proto: Param = c.grpc
    ? () => 'HTTP/2'
    : wpick(['HTTP/1.1', 7], ['HTTP/2', 3]);
  return [
    `[<*>] "${c.method} ${c.path} <*>" `,
    [ts.iso3, ...c.pathParams, proto],
  ];
}

/** Authority, upstream host/cluster and the three addresses, per direction. */
function peerPart(c: Call): [string, Param[]] {
  const { namespace, port: svcPort } = workload(c.target);
  const fqdn = `${c.target}.${namespace}.svc.cluster.local`;
  if (c.dir === 'inbound') {
    return [
      `"${c.target}.${namespace}:${svcPort}" "<*>" inbound|${svcPort}|| 127.0.0.6:<*> <*> <*> outbound_.${svcPort}_._.${fqdn} default`,
      [
        keep('self', podIpPort(c.target)),
        port,
        keep('self', podIpPort(c.target)),
        anyPodIpPort,
      ],
    ];
  }
  return [
    `"${fqdn}:${svcPort}" "<*>" outbound|${svcPort}||${fqdn} <*> <*> <*> - default`,
    [
      podIpPort(c.target),
      anyPodIpPort,
      g =>
        `${
          g.w.deployments.find(d => d.name === c.target)!.clusterIp
        }:${svcPort}`,
      anyPodIpPort,
    ],
  ];
}

function httpLine(c: Call, o: Outcome): TemplateSpec {
  const [req, reqParams] = requestPart(c);
  const [peer, peerParams] = peerPart(c);
  const status = o.cls === 0 ? '0' : `${o.cls}<*>`;
  const statusParams =
    o.cls === 0 ? [] : [statusTail(o.cls, o.codes ?? STATUS_CODES[o.cls])];
  const slow = o.flags === 'UT' ? 15000 : 12;
  return t(
    `${req}${status} ${o.flags} ${o.details} - "${o.failure}" <*> <*> <*> <*> "<*>" "<*>" "<*>" ${peer}`,
    ...reqParams,
    ...statusParams,
    bytes(c.method === 'GET' ? 0 : 600, 0.5),
    bytes(o.cls === 2 ? 1800 : 90, 1),
    millis(slow, 0.9),
    (g: Gen) =>
      o.details === 'via_upstream' ? millis(slow * 0.8, 0.9)(g) : '-',
    (g: Gen) =>
      c.dir === 'inbound' && g.r.chance(0.3) ? podIp(c.from)(g) : '-',
    c.grpc
      ? () => 'grpc-go/1.62.1'
      : pick(
          'Go-http-client/1.1',
          'okhttp/4.12.0',
          'Apache-HttpClient/5.3 (Java/17.0.10)',
        ),
    uuid,
    ...peerParams,
  );
}

function httpEntries(): Entry[] {
  return CALLS.flatMap(c =>
    (Object.entries(c.outcomes) as [OutcomeName, Freq][]).map(([name, freq]) =>
      e(freq, httpLine(c, OUTCOMES[name])),
    ),
  );
}

const tcp = (target: string, flags: string, freq: Freq) => {
  const { namespace, port: p } = workload(target);
  const fqdn = `${target}.${namespace}.svc.cluster.local`;
  return e(
    freq,
    t(
      `[<*>] "- - -" 0 ${flags} - - "-" <*> <*> <*> - "-" "-" "-" "-" "<*>" outbound|${p}||${fqdn} <*> <*>:${p} <*> - -`,
      ts.iso3,
      bytes(4000, 1.5),
      bytes(9000, 1.5),
      millis(30000, 1.5),
      podIpPort(target),
      anyPodIpPort,
      (g: Gen) => g.w.deployments.find(d => d.name === target)!.clusterIp,
      anyPodIpPort,
    ),
  );
};

const TCP = [
  tcp('postgres', '-', 70),
  tcp('redis-master', '-', 90),
  tcp('kafka', '-', 40),
  tcp('postgres', 'UF,URX', 5),
  tcp('redis-master', 'UF,URX', twice),
];

/** `time\tlevel\t[scope\t]message` */
const agent = (level: string, text: string, ...params: Param[]) =>
  t(`<*>\t${level}\t${text}`, ts.iso6, ...params);
const serviceIp: Param = g => `10.96.${g.r.int(0, 255)}.${g.r.int(1, 254)}`;
const proxyId: Param = g => {
  const p = g.r.pick(g.w.pods);
  return `${p.name}.${p.namespace}`;
};

const AGENT = [
  e(
    6,
    agent(
      'info',
      'xdsproxy\tconnected to upstream XDS server: istiod.istio-system.svc:15012',
    ),
  ),
  e(
    3,
    agent(
      'info',
      'xdsproxy\tconnected to delta upstream XDS server: istiod.istio-system.svc:15012\tid=<*>',
      int(1, 40),
    ),
  ),
  e(
    4,
    agent(
      'warn',
      'xdsproxy\tupstream [<*>] terminated with unexpected error rpc error: code = Unavailable desc = closing transport due to: connection error: desc = "error reading from server: EOF", received prior goaway: code: NO_ERROR',
      int(1, 40),
    ),
  ),
  e(
    5,
    agent(
      'info',
      'cache\tgenerated new workload certificate\tlatency=<*> ttl=<*>',
      goDur(90, 0.5),
      goDur(86_000_000, 0.01),
    ),
  ),
  e(3, agent('info', 'cache\tRoot cert has changed, start rotating root cert')),
  e(
    twice,
    agent(
      'info',
      'ads\tSDS: PUSH request for node:<*> resources:1 size:1.1kB resource:default',
      proxyId,
    ),
  ),
  e(
    4,
    agent(
      'warning',
      'envoy config external/envoy/source/extensions/config_subscription/grpc/grpc_stream.h:152\tStreamAggregatedResources gRPC config stream to xds-grpc closed since <*>s ago: 14, connection error: desc = "transport: Error while dialing: dial tcp <*>:15012: connect: connection refused"\tthread=<*>',
      int(30, 3000),
      serviceIp,
      int(12, 20),
    ),
  ),
  e(
    3,
    agent(
      'warning',
      'envoy main external/envoy/source/server/server.cc:911\tThere is no configured limit to the number of allowed active downstream connections. Configure a limit in `envoy.resource_monitors.downstream_connections` resource monitor.\tthread=<*>',
      int(12, 20),
    ),
  ),
  e(3, agent('info', 'Envoy proxy is ready')),
  e(
    twice,
    agent(
      'warn',
      'Envoy proxy is NOT ready: config received from XDS server, but not yet applied',
    ),
  ),
  e(once, agent('error', 'Envoy exited with error: signal: killed')),
  e(
    3,
    agent(
      'info',
      'Graceful termination period is <*>, starting...',
      pick('5s', '30s'),
    ),
  ),
  e(3, agent('info', 'Status server has successfully terminated')),
];

export const envoyIstio: FormatSpec = {
  name: 'envoy-istio',
  title: 'istio-proxy / Envoy sidecar (access log, agent log)',
  sources: [
    'https://istio.io/latest/docs/tasks/observability/logs/access-log/',
    'https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage',
    'https://istio.io/latest/docs/ops/diagnostic-tools/component-logging/',
  ],
  records: 4500,
  entries: [...httpEntries(), ...TCP, ...AGENT],
};

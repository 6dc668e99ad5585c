import {
  e,
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
  bytes,
  cat,
  clientIp,
  hex,
  int,
  k8sSuffix,
  orderId,
  pick,
  podIpPort,
  productId,
  referer,
  secs,
  sku,
  userAgent,
  userId,
  uuid,
  wpick,
} from '../values';
import { workload } from '../world';
import {
  accessEntries,
  klogLine,
  route,
  Route,
  StatusClass,
  statusCode,
  statusTail,
} from './common';

// ingress-nginx controller container (stdout): access log, nginx error log, controller klog.
// Access log: the controller's default `log_format upstreaminfo`
//   https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/log-format/
//   '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer"
//    "$http_user_agent" $request_length $request_time [$proxy_upstream_name]
//    [$proxy_alternative_upstream_name] $upstream_addr $upstream_response_length
//    $upstream_response_time $upstream_status $req_id'
// Error log: nginx `error_log` layout `yyyy/mm/dd hh:mm:ss [level] pid#tid: *cid message, client: …`
//   https://nginx.org/en/docs/ngx_core_module.html#error_log , messages from
//   https://github.com/nginx/nginx/blob/master/src/http/ngx_http_upstream.c
// Convention: method, route (ids are parameters) and status class are the event; in error-log
// lines the message is the event and the `client:/server:/request:/upstream:/host:` values are
// parameters.

const ROUTES: readonly Route[] = [
  route('GET', '/', [], 'frontend', { 2: 420, 3: 25 }),
  route(
    'GET',
    '/static/js/main.<*>.js',
    [pick('3f9a1c2e', 'b7d04e19')],
    'frontend',
    { 2: 300, 3: 160 },
  ),
  route(
    'GET',
    '/static/css/main.<*>.css',
    [pick('5c0e8d21', 'a94f3b70')],
    'frontend',
    { 2: 130, 3: 70 },
  ),
  route('GET', '/favicon.ico', [], 'frontend', { 2: 40, 4: 6 }),
  route('HEAD', '/', [], 'frontend', { 2: 8 }),
  route(
    'GET',
    '/api/catalog/products?category=<*>&page=<*>',
    [pick('shoes', 'bags', 'outdoor', 'kids', 'sale'), int(1, 40)],
    'catalog',
    { 2: 620, 5: 4 },
  ),
  route(
    'GET',
    '/api/catalog/products/<*>',
    [productId],
    'catalog',
    { 2: 520, 4: 45, 5: 3 },
    { 4: [['404', 1]] },
  ),
  route('GET', '/api/cart/<*>', [uuid], 'cart', { 2: 360, 4: 12, 5: 6 }),
  route(
    'POST',
    '/api/cart/<*>/items',
    [uuid],
    'cart',
    { 2: 210, 4: 26, 5: 7 },
    {
      4: [
        ['400', 5],
        ['409', 3],
        ['422', 4],
      ],
    },
  ),
  route('DELETE', '/api/cart/<*>/items/<*>', [uuid, sku], 'cart', {
    2: 60,
    4: 5,
  }),
  route(
    'OPTIONS',
    '/api/cart/<*>/items',
    [uuid],
    'cart',
    { 2: 22 },
    { 2: [['204', 1]] },
  ),
  route('POST', '/api/checkout', [], 'checkout', { 2: 120, 4: 16, 5: 24 }),
  route('GET', '/api/orders/<*>', [orderId], 'orders', { 2: 150, 4: 20, 5: 2 }),
  route('GET', '/api/orders/<*>/items', [orderId], 'orders', {
    2: 90,
    5: twice,
  }),
  route(
    'GET',
    '/api/orders?customer=<*>&limit=<*>',
    [userId, pick('10', '20', '50')],
    'orders',
    { 2: 70 },
  ),
  route('POST', '/api/payments/<*>/capture', [uuid], 'payments', {
    2: 40,
    4: 6,
    5: 9,
  }),
  route(
    'POST',
    '/api/auth/login',
    [],
    'auth',
    { 2: 80, 4: 32 },
    {
      4: [
        ['401', 8],
        ['429', 1],
      ],
    },
  ),
  route(
    'POST',
    '/api/auth/refresh',
    [],
    'auth',
    { 2: 60, 4: 8 },
    { 4: [['401', 1]] },
  ),
  route('GET', '/api/users/<*>/profile', [userId], 'user-profile', {
    2: 70,
    4: 3,
  }),
  route('PUT', '/api/users/<*>/profile', [userId], 'user-profile', {
    2: 11,
    4: twice,
  }),
  route(
    'GET',
    '/api/search?q=<*>',
    [pick('boots', 'rain+jacket', 'tent', 'backpack', 'socks', 'sandals+kids')],
    'search',
    { 2: 190, 5: 3 },
  ),
  route('GET', '/api/recommendations/<*>', [userId], 'recommendation', {
    2: 100,
    5: 14,
  }),
  route(
    'POST',
    '/api/events',
    [],
    'collector',
    { 2: 260 },
    { 2: [['204', 1]] },
  ),
  route('GET', '/api/shipping/quote?zip=<*>', [int(10000, 99999)], 'shipping', {
    2: 35,
    5: once,
  }),
  route('GET', '/.env', [], 'frontend', { 4: twice }),
  route('GET', '/wp-login.php', [], 'frontend', { 4: once }),
];

function accessLine(rt: Route, cls: StatusClass): TemplateSpec {
  const { namespace, port } = workload(rt.backend);
  const upstream = `${namespace}-${rt.backend}-${port}`;
  const codes = rt.codes?.[cls];
  return t(
    `<*> - <*> [<*>] "${rt.method} ${rt.path} HTTP/<*>" ${cls}<*> <*> "<*>" "<*>" <*> <*> [${upstream}] [] <*> <*> <*> <*> <*>`,
    clientIp,
    wpick(['-', 97], ['admin', 1]),
    ts.clf,
    ...rt.pathParams,
    wpick(['1.1', 6], ['2.0', 4]),
    statusTail(cls, codes),
    bytes(cls === 2 ? 2400 : 150, 1.2),
    referer,
    userAgent,
    bytes(480, 0.4),
    secs(cls === 5 ? 900 : 18, 1.2),
    podIpPort(rt.backend),
    bytes(cls === 2 ? 2400 : 150, 1.2),
    secs(cls === 5 ? 880 : 16, 1.2),
    statusCode(cls, codes),
    hex(32),
  );
}

/** `[method path protocol, backend]` of requests named in error-log lines. */
const REQUESTS: readonly (readonly [string, string])[] = [
  ['POST /api/checkout HTTP/1.1', 'checkout'],
  ['GET /api/recommendations/48213 HTTP/1.1', 'recommendation'],
  [
    'POST /api/payments/3f9c1e2a-7b41-4d0e-9a55-1c2d3e4f5a6b/capture HTTP/2.0',
    'payments',
  ],
  ['GET /api/catalog/products?category=sale&page=3 HTTP/2.0', 'catalog'],
  ['GET /api/cart/7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f HTTP/1.1', 'cart'],
];
const pickRequest = (g: Gen) =>
  g.keep('request', () => String(g.r.int(0, REQUESTS.length - 1)));
const request: Param = g => REQUESTS[Number(pickRequest(g))][0];
const upstreamUrl: Param = g => {
  const [line, backend] = REQUESTS[Number(pickRequest(g))];
  return `http://${podIpPort(backend)(g)}${line.split(' ')[1]}`;
};
const ctx = `client: <*>, server: shop.example.com, request: "<*>", upstream: "<*>", host: "shop.example.com"`;
const errHead = (level: string) => `<*> [${level}] <*>#<*>: *<*> `;
const errParams = [ts.goLog, int(20, 40), int(20, 40), int(1000, 9999999)];
const upstreamParams = [clientIp, request, upstreamUrl];

const ERROR_LOG = [
  e(
    18,
    t(
      `${errHead(
        'error',
      )}upstream timed out (110: Operation timed out) while reading response header from upstream, ${ctx}`,
      ...errParams,
      ...upstreamParams,
    ),
  ),
  e(
    9,
    t(
      `${errHead(
        'error',
      )}connect() failed (111: Connection refused) while connecting to upstream, ${ctx}`,
      ...errParams,
      ...upstreamParams,
    ),
  ),
  e(
    6,
    t(
      `${errHead(
        'error',
      )}upstream prematurely closed connection while reading response header from upstream, ${ctx}`,
      ...errParams,
      ...upstreamParams,
    ),
  ),
  e(
    2,
    t(
      `${errHead(
        'error',
      )}no live upstreams while connecting to upstream, client: <*>, server: shop.example.com, request: "<*>", upstream: "http://shop-checkout-8080/api/checkout", host: "shop.example.com"`,
      ...errParams,
      clientIp,
      request,
    ),
  ),
  e(
    4,
    t(
      `${errHead(
        'warn',
      )}an upstream response is buffered to a temporary file /tmp/nginx/proxy-temp/<*> while reading upstream, ${ctx}`,
      ...errParams,
      pick('1/00/0000000001', '2/04/0000000042', '7/13/0000000137'),
      ...upstreamParams,
    ),
  ),
  e(
    3,
    t(
      `${errHead(
        'warn',
      )}a client request body is buffered to a temporary file /tmp/nginx/client-body/<*>, client: <*>, server: shop.example.com, request: "<*>", host: "shop.example.com"`,
      ...errParams,
      int(1, 99),
      clientIp,
      request,
    ),
  ),
  e(
    twice,
    t(
      `${errHead(
        'error',
      )}client intended to send too large body: <*> bytes, client: <*>, server: shop.example.com, request: "<*>", host: "shop.example.com"`,
      ...errParams,
      bytes(3e6, 1),
      clientIp,
      request,
    ),
  ),
];

const pid = int(7, 7);
const CONTROLLER = [
  e(
    6,
    klogLine(
      'I',
      'controller.go:190',
      t('"Configuration changes detected, backend reload required"'),
      pid,
    ),
  ),
  e(
    6,
    klogLine(
      'I',
      'controller.go:210',
      t('"Backend successfully reloaded"'),
      pid,
    ),
  ),
  e(
    twice,
    klogLine(
      'E',
      'controller.go:222',
      t('"Unexpected failure reloading the backend" err="exit status 1"'),
      pid,
    ),
  ),
  e(
    6,
    klogLine(
      'I',
      'event.go:298',
      t(
        'Event(v1.ObjectReference{Kind:"Pod", Namespace:"ingress-nginx", Name:"<*>", UID:"<*>", APIVersion:"v1", ResourceVersion:"<*>", FieldPath:""}): type: \'Normal\' reason: \'RELOAD\' NGINX reload triggered due to a change in configuration',
        cat('ingress-nginx-controller-7c9d8f6b54-', k8sSuffix(5)),
        uuid,
        int(1e6, 9e6),
      ),
      pid,
    ),
  ),
  e(
    5,
    klogLine(
      'I',
      'event.go:298',
      t(
        'Event(v1.ObjectReference{Kind:"Ingress", Namespace:"shop", Name:"<*>", UID:"<*>", APIVersion:"networking.k8s.io/v1", ResourceVersion:"<*>", FieldPath:""}): type: \'Normal\' reason: \'Sync\' Scheduled for sync',
        pick('shop', 'shop-api', 'shop-static'),
        uuid,
        int(1e6, 9e6),
      ),
      pid,
    ),
  ),
  e(
    4,
    klogLine(
      'W',
      'controller.go:1214',
      t(
        'Service "<*>" does not have any active Endpoint.',
        pick('shop/recommendation', 'shop/shipping'),
      ),
      pid,
    ),
  ),
  e(
    3,
    klogLine(
      'W',
      'controller.go:1109',
      t(
        'Error obtaining Endpoints for Service "<*>": no object matching key "<*>" in local store',
        pick('shop/legacy-api'),
        pick('shop/legacy-api'),
      ),
      pid,
    ),
  ),
  e(
    once,
    klogLine(
      'I',
      'status.go:304',
      t(
        '"updating Ingress status" namespace="shop" ingress="<*>" currentValue=[] newValue=<*>',
        pick('shop', 'shop-api'),
        cat('[{"ip":"', clientIp, '"}]'),
      ),
      pid,
    ),
  ),
  e(
    once,
    klogLine(
      'I',
      'leaderelection.go:258',
      t('successfully acquired lease ingress-nginx/ingress-nginx-leader'),
      pid,
    ),
  ),
];

export const nginxIngress: FormatSpec = {
  name: 'nginx-ingress',
  title:
    'ingress-nginx controller (access log, nginx error log, controller klog)',
  sources: [
    'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/log-format/',
    'https://nginx.org/en/docs/ngx_core_module.html#error_log',
    'https://github.com/nginx/nginx/blob/master/src/http/ngx_http_upstream.c',
    'https://github.com/kubernetes/ingress-nginx/blob/main/internal/ingress/controller/controller.go',
  ],
  records: 6000,
  entries: [...accessEntries(ROUTES, accessLine), ...ERROR_LOG, ...CONTROLLER],
};

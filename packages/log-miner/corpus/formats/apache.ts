import { e, FormatSpec, once, Param, t, TemplateSpec, twice } from '../model';
import * as ts from '../time';
import {
  bytes,
  cat,
  clientIp,
  clientIpPort,
  hex,
  int,
  pick,
  podIp,
  productId,
  referer,
  userAgent,
  wpick,
} from '../values';
import { accessEntries, route, Route, StatusClass, statusTail } from './common';

// Apache httpd 2.4 container (httpd:2.4 image: both logs go to stdout/stderr).
// Access log: the documented `combined` format
//   https://httpd.apache.org/docs/2.4/logs.html#combined
//   LogFormat "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\"" combined
// Error log: 2.4 default ErrorLogFormat `[%{u}t] [%-m:%l] [pid %P:tid %T] %7F: %E: [client %a] %M`
//   https://httpd.apache.org/docs/2.4/mod/core.html#errorlogformat ; AH message ids from
//   https://httpd.apache.org/docs/2.4/logs.html#errorlog and the httpd source.
// Convention: method, route (ids are parameters) and status class are the event; in the error
// log, module, level, AH id and message text are the event.

const ROUTES: readonly Route[] = [
  route('GET', '/', [], 'frontend', { 2: 380, 3: 40 }),
  route(
    'GET',
    '/index.php?route=product/product&product_id=<*>',
    [productId],
    'frontend',
    { 2: 420, 4: 12, 5: 5 },
  ),
  route(
    'GET',
    '/index.php?route=product/category&path=<*>',
    [pick('20', '20_27', '18', '25_28', '57')],
    'frontend',
    { 2: 260, 5: 2 },
  ),
  route('POST', '/index.php?route=checkout/cart/add', [], 'frontend', {
    2: 110,
    4: 4,
    5: 3,
  }),
  route('GET', '/index.php?route=checkout/checkout', [], 'frontend', {
    2: 60,
    3: 12,
  }),
  route('POST', '/index.php?route=account/login', [], 'frontend', {
    2: 22,
    3: 30,
  }),
  route(
    'GET',
    '/image/cache/catalog/products/<*>-228x228.jpg',
    [cat('p', int(100, 999))],
    'frontend',
    { 2: 520, 3: 280, 4: 15 },
  ),
  route(
    'GET',
    '/catalog/view/theme/default/stylesheet/stylesheet.css',
    [],
    'frontend',
    { 2: 150, 3: 190 },
  ),
  route(
    'GET',
    '/catalog/view/javascript/jquery/jquery-<*>.min.js',
    [pick('3.7.1')],
    'frontend',
    { 2: 120, 3: 170 },
  ),
  route('GET', '/server-status?auto', [], 'frontend', { 2: 240 }),
  route('GET', '/robots.txt', [], 'frontend', { 2: 14 }),
  route('GET', '/wp-login.php', [], 'frontend', { 4: 3 }),
  route('GET', '/.git/config', [], 'frontend', { 4: twice }),
  route('POST', '/xmlrpc.php', [], 'frontend', { 4: once }),
];

function accessLine(rt: Route, cls: StatusClass): TemplateSpec {
  const sent: Param =
    cls === 3 ? pick('-') : bytes(cls === 2 ? 5200 : 210, 1.1);
  const status: [string, number][] | undefined =
    rt.path === '/' && cls === 3 ? [['302', 1]] : undefined;
  return t(
    `<*> - <*> [<*>] "${rt.method} ${rt.path} HTTP/1.1" ${cls}<*> <*> "<*>" "<*>"`,
    rt.path === '/server-status?auto' ? pick('10.244.4.17') : clientIp,
    wpick(['-', 98], ['shopadmin', 2]),
    ts.clf,
    ...rt.pathParams,
    statusTail(cls, status),
    sent,
    rt.path === '/server-status?auto' ? pick('-') : referer,
    rt.path === '/server-status?auto' ? pick('Go-http-client/1.1') : userAgent,
  );
}

const tid = int(139_800_000_000_000, 139_899_999_999_999);
/** `[time] [module:level] [pid P:tid T] ` */
const head = (module: string, level: string) =>
  `[<*>] [${module}:${level}] [pid <*>:tid <*>] `;
const hp = [ts.apacheErr, int(1, 400), tid];
const client = clientIpPort;
const backend: Param = g => podIp('catalog')(g);

const ERROR_LOG = [
  e(
    twice,
    t(
      "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using <*>. Set the 'ServerName' directive globally to suppress this message",
      podIp('frontend'),
    ),
  ),
  e(
    3,
    t(
      `${head(
        'mpm_event',
        'notice',
      )}AH00489: Apache/2.4.58 (Unix) configured -- resuming normal operations`,
      ...hp,
    ),
  ),
  e(
    3,
    t(
      `${head('core', 'notice')}AH00094: Command line: 'httpd -D FOREGROUND'`,
      ...hp,
    ),
  ),
  e(
    3,
    t(
      `${head('mpm_event', 'notice')}AH00491: caught SIGTERM, shutting down`,
      ...hp,
    ),
  ),
  e(
    once,
    t(
      `${head(
        'mpm_event',
        'notice',
      )}AH00493: SIGUSR1 received.  Doing graceful restart`,
      ...hp,
    ),
  ),
  e(
    14,
    t(
      `${head(
        'proxy',
        'error',
      )}(111)Connection refused: AH00957: http: attempt to connect to <*>:8080 (<*>) failed`,
      ...hp,
      backend,
      backend,
    ),
  ),
  e(
    9,
    t(
      `${head(
        'proxy_http',
        'error',
      )}[client <*>] AH01114: HTTP: failed to make connection to backend: <*>`,
      ...hp,
      client,
      backend,
    ),
  ),
  e(
    6,
    t(
      `${head(
        'proxy_http',
        'error',
      )}(70007)The timeout specified has expired: [client <*>] AH01102: error reading status line from remote server <*>:8080, referer: https://shop.example.com/`,
      ...hp,
      client,
      backend,
    ),
  ),
  e(
    4,
    t(
      `${head(
        'proxy',
        'error',
      )}[client <*>] AH00898: Error reading from remote server returned by <*>, referer: https://shop.example.com/`,
      ...hp,
      client,
      pick('/index.php', '/index.php?route=checkout/checkout'),
    ),
  ),
  e(
    12,
    t(
      `${head(
        'php',
        'warn',
      )}[client <*>] PHP Warning:  Undefined array key "<*>" in /var/www/html/catalog/controller/product/product.php on line 341, referer: https://shop.example.com/`,
      ...hp,
      client,
      pick('option', 'variant', 'filter_id'),
    ),
  ),
  e(
    5,
    t(
      `${head(
        'php',
        'error',
      )}[client <*>] PHP Fatal error:  Uncaught Error: Call to a member function getProduct() on null in /var/www/html/catalog/controller/checkout/cart.php:118`,
      ...hp,
      client,
    ),
  ),
  e(
    4,
    t(
      `${head(
        'php',
        'error',
      )}[client <*>] PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate <*> bytes) in /var/www/html/system/library/db/mysqli.php on line 46`,
      ...hp,
      client,
      bytes(2e6, 1),
    ),
  ),
  e(
    7,
    t(
      `${head(
        'authz_core',
        'error',
      )}[client <*>] AH01630: client denied by server configuration: /usr/local/apache2/htdocs/<*>`,
      ...hp,
      client,
      pick('.git', '.env', 'server-info'),
    ),
  ),
  e(
    3,
    t(
      `${head(
        'core',
        'error',
      )}[client <*>] AH00126: Invalid URI in request GET <*> HTTP/1.1`,
      ...hp,
      client,
      pick('/../../etc/passwd', '/cgi-bin/.%2e/.%2e/bin/sh'),
    ),
  ),
  e(
    twice,
    t(
      `${head(
        'mpm_event',
        'error',
      )}AH00484: server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting`,
      ...hp,
    ),
  ),
  e(
    twice,
    t(
      `${head(
        'mpm_event',
        'error',
      )}AH03490: scoreboard is full, not at MaxRequestWorkers.Increase ServerLimit.`,
      ...hp,
    ),
  ),
  e(
    3,
    t(
      `${head(
        'ssl',
        'warn',
      )}AH01909: shop.example.com:443:0 server certificate does NOT include an ID which matches the server name`,
      ...hp,
    ),
  ),
  e(
    once,
    t(
      `${head(
        'core',
        'warn',
      )}AH00098: pid file /usr/local/apache2/logs/httpd.pid overwritten -- Unclean shutdown of previous Apache run?`,
      ...hp,
    ),
  ),
  e(
    6,
    t(
      `${head(
        'core',
        'info',
      )}[client <*>] AH00128: File does not exist: /usr/local/apache2/htdocs/<*>`,
      ...hp,
      client,
      pick('apple-touch-icon.png', 'ads.txt', 'sitemap.xml'),
    ),
  ),
  e(
    4,
    t(
      `${head(
        'reqtimeout',
        'info',
      )}[client <*>] AH01382: Request header read timeout`,
      ...hp,
      client,
    ),
  ),
  e(
    3,
    t(
      `${head(
        'reqtimeout',
        'info',
      )}[client <*>] AH01382: Request body read timeout`,
      ...hp,
      client,
    ),
  ),
  e(
    3,
    t(
      `${head(
        'cgid',
        'error',
      )}(2)No such file or directory: AH02811: script not found or unable to stat: /usr/local/apache2/cgi-bin/<*>`,
      ...hp,
      pick('test-cgi', 'printenv', `luci.${'cgi'}`),
    ),
  ),
  e(
    twice,
    t(
      `${head(
        'ssl',
        'error',
      )}[client <*>] AH02039: Certificate Verification: Error (20): unable to get local issuer certificate`,
      ...hp,
      client,
    ),
  ),
  e(
    5,
    t(
      `${head(
        'proxy',
        'warn',
      )}[client <*>] AH01144: No protocol handler was valid for the URL /<*> (scheme 'h2c'). If you are using a DSO version of mod_proxy, make sure the proxy submodules are included in the configuration using LoadModule.`,
      ...hp,
      client,
      hex(6),
    ),
  ),
];

export const apache: FormatSpec = {
  name: 'apache',
  title: 'Apache httpd 2.4 (combined access log, error log)',
  sources: [
    'https://httpd.apache.org/docs/2.4/logs.html',
    'https://httpd.apache.org/docs/2.4/mod/core.html#errorlogformat',
    'https://httpd.apache.org/docs/2.4/mod/mod_log_config.html#formats',
  ],
  records: 3000,
  entries: [...accessEntries(ROUTES, accessLine), ...ERROR_LOG],
};

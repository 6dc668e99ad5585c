import {
  e,
  FormatSpec,
  Gen,
  once,
  Param,
  t,
  TemplateSpec,
  trace,
  twice,
} from '../model';
import * as ts from '../time';
import { GoFrame, goTail } from '../traces';
import {
  anyPodIpPort,
  clientIp,
  clientIpPort,
  goDur,
  goPc,
  hex,
  int,
  pick,
  podIp,
  podIpPort,
  uuid,
} from '../values';
import { accessEntries, route, Route, StatusClass, statusTail } from './common';

// A Go HTTP service (Gin) on the standard library logger, with panics and goroutine traces.
// - Gin's default logger: `[GIN] %v |%s %3d %s| %13v | %15s |%s %-7s %s %#v\n%s` (colors empty when
//   not a terminal) — https://github.com/gin-gonic/gin/blob/master/logger.go ; debug route lines
//   https://github.com/gin-gonic/gin/blob/master/debug.go
// - log.LstdFlags `2009/11/10 23:00:00 msg` — https://pkg.go.dev/log#pkg-constants ; net/http server
//   errors (TLS handshake, Accept, recovered handler panics) from
//   https://github.com/golang/go/blob/master/src/net/http/server.go
// - panics and fatal errors: https://go.dev/blog/defer-panic-and-recover ,
//   https://pkg.go.dev/runtime#hdr-Environment_Variables (GOTRACEBACK=single: the crashing goroutine)
// Convention: access lines as for other access logs (method, route, status class). A panic or
// fatal error is ONE record keyed by the panic value's type and the top frame, i.e. the first
// frame after the runtime's `panic(…)` frame (or the first frame when there is none): the panic
// line, the goroutine header and the top frame are template text (argument words, goroutine id,
// addresses masked); the frames below the top one are a single `<*>`.

const ROUTES: readonly Route[] = [
  route('GET', '/api/cart/<*>', [uuid], 'cart', { 2: 700, 4: 30, 5: 8 }),
  route(
    'POST',
    '/api/cart/<*>/items',
    [uuid],
    'cart',
    { 2: 320, 4: 40 },
    {
      4: [
        ['400', 3],
        ['409', 1],
        ['422', 2],
      ],
    },
  ),
  route(
    'DELETE',
    '/api/cart/<*>/items/<*>',
    [uuid, g => `SKU-${hex(6)(g).toUpperCase()}`],
    'cart',
    { 2: 90, 4: 6 },
  ),
  route('POST', '/api/cart/<*>/merge', [uuid], 'cart', { 2: 30, 5: twice }),
  route('GET', '/healthz', [], 'cart', { 2: 600 }),
  route('GET', '/metrics', [], 'cart', { 2: 150 }),
];

const ginLine = (rt: Route, cls: StatusClass): TemplateSpec =>
  t(
    `[GIN] <*> | ${cls}<*> | <*> | <*> | ${rt.method.padEnd(7)}  "${rt.path}"`,
    ts.gin,
    statusTail(cls),
    g => goDur(rt.path === '/healthz' ? 0.05 : 4, 1.2)(g).padStart(13),
    g =>
      (rt.path === '/healthz' || rt.path === '/metrics'
        ? podIp()(g)
        : clientIp(g)
      ).padStart(15),
    ...rt.pathParams,
  );

const ginDebug = (method: string, path: string, handler: string, n: number) =>
  e(
    3,
    t(
      `[GIN-debug] ${method.padEnd(6)} ${path.padEnd(
        25,
      )} --> ${handler} (${n} handlers)`,
    ),
  );

const GIN_STARTUP = [
  e(
    3,
    t(
      '[GIN-debug] [WARNING] Running in "debug" mode. Switch to "release" mode in production.\n - using env:\texport GIN_MODE=release\n - using code:\tgin.SetMode(gin.ReleaseMode)\n',
    ),
  ),
  ginDebug(
    'GET',
    '/api/cart/:id',
    'github.com/acme/cart/internal/api.(*Handler).GetCart-fm',
    4,
  ),
  ginDebug(
    'POST',
    '/api/cart/:id/items',
    'github.com/acme/cart/internal/api.(*Handler).AddItem-fm',
    4,
  ),
  ginDebug(
    'DELETE',
    '/api/cart/:id/items/:sku',
    'github.com/acme/cart/internal/api.(*Handler).RemoveItem-fm',
    4,
  ),
  ginDebug('GET', '/healthz', 'main.main.func1', 3),
  e(3, t('[GIN-debug] Listening and serving HTTP on :8080')),
];

const log = (msg: string, ...ps: Param[]) => t(`<*> ${msg}`, ts.goLog, ...ps);
const redisAddr: Param = g =>
  `${g.w.deployments.find(d => d.name === 'redis-master')!.clusterIp}:6379`;

const STDLOG = [
  e(260, log('cache hit for key session:<*>', hex(32))),
  e(140, log('cache miss for key session:<*>', hex(32))),
  e(
    4,
    log(
      'connected to redis at redis-master.data.svc.cluster.local:6379 (db=0, pool=<*>)',
      pick('10', '20'),
    ),
  ),
  e(24, log('http: TLS handshake error from <*>: EOF', anyPodIpPort)),
  e(
    9,
    log(
      'http: TLS handshake error from <*>: remote error: tls: bad certificate',
      clientIpPort,
    ),
  ),
  e(
    8,
    log(
      'http2: server: error reading preface from client <*>: read tcp <*>-><*>: read: connection reset by peer',
      anyPodIpPort,
      podIpPort('cart'),
      anyPodIpPort,
    ),
  ),
  e(
    twice,
    log(
      'http: Accept error: accept tcp [::]:8080: accept4: too many open files; retrying in <*>',
      pick('5ms', '10ms', '20ms'),
    ),
  ),
  e(18, t('redis: <*> pool.go:368: Conn has unread data', ts.goLog)),
  e(
    6,
    t(
      'redis: <*> ring.go:320: ring shard state changed: Redis<<*>> is down',
      ts.goLog,
      redisAddr,
    ),
  ),
  e(30, log('cart <*> exceeds soft item limit: <*> items', uuid, int(51, 90))),
  e(
    12,
    log(
      'merge conflict for cart <*>: <*> items kept from anonymous cart',
      uuid,
      int(1, 6),
    ),
  ),
  e(
    4,
    log('starting cart service version=<*> addr=:8080', pick('3.4.0', '3.4.1')),
  ),
  e(4, log('received signal terminated, shutting down')),
  e(once, log('server shutdown error: context deadline exceeded')),
];

const USER_CALLERS: readonly (readonly GoFrame[])[] = [
  [
    [
      'github.com/acme/cart/internal/service.(*Carts).Load',
      '/src/internal/service/carts.go:44',
      '0x8d',
    ],
    [
      'github.com/acme/cart/internal/api.(*Handler).GetCart',
      '/src/internal/api/cart.go:41',
      '0x11d',
    ],
    [
      'github.com/gin-gonic/gin.(*Context).Next',
      '/go/pkg/mod/github.com/gin-gonic/gin@v1.9.1/context.go:174',
      '0x2b',
    ],
    [
      'github.com/gin-gonic/gin.(*Engine).handleHTTPRequest',
      '/go/pkg/mod/github.com/gin-gonic/gin@v1.9.1/gin.go:620',
      '0x65b',
    ],
    [
      'github.com/gin-gonic/gin.(*Engine).ServeHTTP',
      '/go/pkg/mod/github.com/gin-gonic/gin@v1.9.1/gin.go:576',
      '0x1dd',
    ],
  ],
  [
    [
      'github.com/acme/cart/internal/service.(*Carts).Merge',
      '/src/internal/service/carts.go:97',
      '0x1b2',
    ],
    [
      'github.com/acme/cart/internal/api.(*Handler).Merge',
      '/src/internal/api/cart.go:88',
      '0xe5',
    ],
    [
      'github.com/gin-gonic/gin.(*Context).Next',
      '/go/pkg/mod/github.com/gin-gonic/gin@v1.9.1/context.go:174',
      '0x2b',
    ],
    [
      'github.com/gin-gonic/gin.(*Engine).handleHTTPRequest',
      '/go/pkg/mod/github.com/gin-gonic/gin@v1.9.1/gin.go:620',
      '0x65b',
    ],
    [
      'github.com/gin-gonic/gin.(*Engine).ServeHTTP',
      '/go/pkg/mod/github.com/gin-gonic/gin@v1.9.1/gin.go:576',
      '0x1dd',
    ],
  ],
];
const WORKER_CALLERS: readonly (readonly GoFrame[])[] = [
  [
    [
      'github.com/acme/cart/internal/expiry.(*Sweeper).sweep',
      '/src/internal/expiry/sweeper.go:63',
      '0x14a',
    ],
    [
      'github.com/acme/cart/internal/expiry.(*Sweeper).Run',
      '/src/internal/expiry/sweeper.go:38',
      '0x9c',
    ],
  ],
];

const goroutine = int(18, 9000);
const args: Param = g => `0xc000${g.r.hex(6)}, {0x${g.r.hex(6)}, 0x24}`;

const PANICS = [
  e(
    8,
    trace(
      'runtime error: invalid memory address or nil pointer dereference',
      'github.com/acme/cart/internal/store.(*RedisStore).Get',
      t(
        'panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=<*> pc=<*>]\n\ngoroutine <*> [running]:\ngithub.com/acme/cart/internal/store.(*RedisStore).Get(<*>)\n\t/src/internal/store/redis.go:57 +0x3a\n<*>',
        pick('0x0', '0x18', '0x30'),
        goPc,
        goroutine,
        args,
        goTail(USER_CALLERS, true),
      ),
    ),
  ),
  e(
    5,
    trace(
      'runtime error: index out of range',
      'github.com/acme/cart/internal/pricing.applyTiers',
      t(
        'panic: runtime error: index out of range [<*>] with length <*>\n\ngoroutine <*> [running]:\ngithub.com/acme/cart/internal/pricing.applyTiers(<*>)\n\t/src/internal/pricing/tiers.go:33 +0x1e5\n<*>',
        int(3, 5),
        int(3, 3),
        goroutine,
        args,
        goTail(USER_CALLERS, true),
      ),
    ),
  ),
  e(
    9,
    trace(
      'runtime error: slice bounds out of range',
      'github.com/acme/cart/internal/api.parseCartID',
      t(
        '<*> http: panic serving <*>: runtime error: slice bounds out of range [:<*>] with capacity <*>\ngoroutine <*> [running]:\nnet/http.(*conn).serve.func1()\n\t/usr/local/go/src/net/http/server.go:1898 +0xbe\npanic({<*>})\n\t/usr/local/go/src/runtime/panic.go:770 +0x132\ngithub.com/acme/cart/internal/api.parseCartID(<*>)\n\t/src/internal/api/ids.go:19 +0x8c\n<*>',
        ts.goLog,
        anyPodIpPort,
        int(36, 36),
        int(8, 30),
        goroutine,
        (g: Gen) => `0x${g.r.hex(6)}?, 0xc000${g.r.hex(6)}?`,
        (g: Gen) => `{0xc000${g.r.hex(6)}, 0x${g.r.int(1, 35).toString(16)}}`,
        goTail([USER_CALLERS[0].slice(1)], true),
      ),
    ),
  ),
  e(
    3,
    trace(
      'fatal error: concurrent map writes',
      'github.com/acme/cart/internal/cache.(*LocalCache).Set',
      t(
        'fatal error: concurrent map writes\n\ngoroutine <*> [running]:\ngithub.com/acme/cart/internal/cache.(*LocalCache).Set(<*>)\n\t/src/internal/cache/local.go:41 +0x85\n<*>',
        goroutine,
        args,
        goTail([...USER_CALLERS, ...WORKER_CALLERS], false),
      ),
    ),
  ),
  e(
    twice,
    trace(
      'panic (string)',
      'main.main',
      t(
        'panic: failed to load config: open /etc/cart/config.yaml: no such file or directory\n\ngoroutine 1 [running]:\nmain.main()\n\t/src/cmd/server/main.go:34 +0x4c5',
      ),
    ),
  ),
  e(
    once,
    trace(
      'runtime: out of memory',
      'github.com/acme/cart/internal/expiry.(*Sweeper).sweep',
      t(
        'fatal error: runtime: out of memory\n\nruntime stack:\nruntime.throw({<*>})\n\t/usr/local/go/src/runtime/panic.go:1023 +0x5c\n\ngoroutine <*> [running]:\ngithub.com/acme/cart/internal/expiry.(*Sweeper).sweep(<*>)\n\t/src/internal/expiry/sweeper.go:63 +0x14a\n<*>',
        (g: Gen) => `0x${g.r.hex(6)}?, 0x${g.r.hex(2)}?`,
        goroutine,
        args,
        goTail([WORKER_CALLERS[0].slice(1)], false),
      ),
    ),
  ),
];

export const goService: FormatSpec = {
  name: 'go-service',
  title: 'Go service (Gin access log, std log, panics and goroutine traces)',
  sources: [
    'https://github.com/gin-gonic/gin/blob/master/logger.go',
    'https://pkg.go.dev/log#pkg-constants',
    'https://github.com/golang/go/blob/master/src/net/http/server.go',
    'https://go.dev/blog/defer-panic-and-recover',
    'https://pkg.go.dev/runtime#hdr-Environment_Variables',
  ],
  records: 3000,
  entries: [
    ...accessEntries(ROUTES, ginLine),
    ...GIN_STARTUP,
    ...STDLOG,
    ...PANICS,
  ],
};

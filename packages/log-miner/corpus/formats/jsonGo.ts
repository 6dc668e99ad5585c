import { e, FormatSpec, Gen, once, Param, twice } from '../model';
import * as ts from '../time';
import {
  cat,
  clusterIp,
  hex,
  int,
  keep,
  lognum,
  orderId,
  pick,
  podIpPort,
  traceId,
  uuid,
  wpick,
} from '../values';
import { jraw, jsonLine, JsonObject, jstr, jtpl } from './common';

// JSON structured logs from Go services and operators:
// - zap production encoder (level, ts as epoch float, logger, caller, msg, fields, stacktrace):
//   https://pkg.go.dev/go.uber.org/zap#NewProductionConfig , https://pkg.go.dev/go.uber.org/zap/zapcore#EncoderConfig
// - controller-runtime (zap) operator logs ("Starting workers", "Reconciler error"):
//   https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/internal/controller/controller.go ,
//   https://book.kubebuilder.io/cronjob-tutorial/running
// - logrus JSONFormatter (keys sorted, so fields come before level, msg, time):
//   https://github.com/sirupsen/logrus#formatters
// Convention: msg, level, logger and error values (the error text with its own variables masked)
// are the event; every other key's value is a parameter (key names and order are constant text).

const zapStack: Param = g =>
  [
    'github.com/acme/payments/internal/payments.(*Service).Charge',
    `\t/src/internal/payments/service.go:${g.r.pick(['131', '144'])}`,
    'github.com/acme/payments/internal/server.(*Handler).charge',
    '\t/src/internal/server/handlers.go:77',
    'net/http.HandlerFunc.ServeHTTP',
    '\t/usr/local/go/src/net/http/server.go:2166',
  ].join('\n');

/** zap's production JSON: level, ts, [logger], caller, msg, fields…, [stacktrace]. */
const zap = (
  level: string,
  msg: string,
  fields: JsonObject,
  logger?: string,
): JsonObject => [
  ['level', level],
  ['ts', jraw(ts.epochFloat)],
  ...(logger ? ([['logger', logger]] as JsonObject) : []),
  [
    'caller',
    jstr(
      pick(
        'server/http.go:112',
        'payments/service.go:88',
        'payments/psp.go:141',
        'events/publisher.go:57',
      ),
    ),
  ],
  ['msg', msg],
  ...fields,
  ...(level === 'error'
    ? ([['stacktrace', jstr(zapStack)]] as JsonObject)
    : []),
];

const path: Param = (g: Gen) =>
  g.r.weighted<string>([
    ['/v1/payments/charge', 6],
    [`/v1/payments/${uuid(g)}`, 3],
    [`/v1/payments/${uuid(g)}/refund`, 1],
    ['/healthz', 4],
  ]);
const paymentId = cat('pay_', hex(24));
const amount = lognum(49, 1, 2);
const currency = wpick(['EUR', 6], ['GBP', 2], ['USD', 2]);
const psp = jstr(pick('adyen', 'stripe'));
const pgAddr: Param = g => `${clusterIp('postgres')(g)}:5432`;

const PAYMENTS = [
  e(
    700,
    jsonLine(
      zap('info', 'request served', [
        ['method', jstr(wpick(['POST', 6], ['GET', 4]))],
        ['path', jstr(path)],
        [
          'status',
          jraw(wpick(['200', 90], ['201', 5], ['402', 3], ['500', 1])),
        ],
        ['latency', jraw(lognum(0.03, 1, 6))],
        ['trace_id', jstr(traceId)],
      ]),
    ),
  ),
  e(
    260,
    jsonLine(
      zap('info', 'charge authorized', [
        ['payment_id', jstr(paymentId)],
        ['order_id', jraw(orderId)],
        ['amount', jraw(amount)],
        ['currency', jstr(currency)],
        ['psp', psp],
        ['trace_id', jstr(traceId)],
      ]),
    ),
  ),
  e(
    40,
    jsonLine(
      zap('info', 'charge declined', [
        ['payment_id', jstr(paymentId)],
        ['order_id', jraw(orderId)],
        [
          'decline_code',
          jstr(
            wpick(
              ['insufficient_funds', 5],
              ['do_not_honor', 3],
              ['expired_card', 1],
            ),
          ),
        ],
        ['trace_id', jstr(traceId)],
      ]),
    ),
  ),
  e(
    70,
    jsonLine(
      zap('info', 'refund issued', [
        ['payment_id', jstr(paymentId)],
        ['amount', jraw(amount)],
        ['currency', jstr(currency)],
        ['trace_id', jstr(traceId)],
      ]),
    ),
  ),
  e(
    30,
    jsonLine(
      zap(
        'info',
        'duplicate request replayed',
        [
          ['idempotency_key', jstr(uuid)],
          ['trace_id', jstr(traceId)],
        ],
        'idempotency',
      ),
    ),
  ),
  e(
    26,
    jsonLine(
      zap('warn', 'psp request retry', [
        ['attempt', jraw(int(1, 3))],
        ['psp', psp],
        [
          'error',
          'Post "https://api.psp.example.com/v1/charges": context deadline exceeded',
        ],
      ]),
    ),
  ),
  e(
    9,
    jsonLine(
      zap('warn', 'psp request retry', [
        ['attempt', jraw(int(1, 3))],
        ['psp', psp],
        [
          'error',
          jtpl(
            'Post "https://api.psp.example.com/v1/charges": read tcp <*>->203.0.113.10:443: read: connection reset by peer',
            podIpPort('payments'),
          ),
        ],
      ]),
    ),
  ),
  e(
    12,
    jsonLine(
      zap('error', 'charge failed', [
        ['payment_id', jstr(paymentId)],
        [
          'error',
          jtpl(
            'psp: upstream returned <*>',
            pick('502 Bad Gateway', '503 Service Unavailable'),
          ),
        ],
      ]),
    ),
  ),
  e(
    5,
    jsonLine(
      zap('error', 'charge failed', [
        ['payment_id', jstr(paymentId)],
        ['error', 'psp: circuit breaker is open'],
      ]),
    ),
  ),
  e(
    8,
    jsonLine(
      zap(
        'error',
        'failed to publish event',
        [
          ['topic', jstr(pick('payments', 'refunds'))],
          [
            'error',
            'kafka: Failed to produce message to topic: kafka server: Request exceeded the user-specified time limit in the request',
          ],
        ],
        'events',
      ),
    ),
  ),
  e(
    6,
    jsonLine(
      zap(
        'warn',
        'webhook signature mismatch',
        [
          ['remote_addr', jstr(podIpPort('collector'))],
          ['psp', psp],
        ],
        'webhooks',
      ),
    ),
  ),
  e(
    4,
    jsonLine(
      zap('info', 'server started', [
        ['addr', jstr(pick(':8443'))],
        ['version', jstr(pick('1.31.0', '1.31.1'))],
      ]),
    ),
  ),
  e(
    4,
    jsonLine(
      zap('info', 'graceful shutdown complete', [
        ['elapsed', jraw(lognum(1.2, 0.5, 3))],
      ]),
    ),
  ),
  e(
    once,
    jsonLine(
      zap('fatal', 'cannot connect to database', [
        [
          'error',
          jtpl(
            'failed to connect to `host=postgres.data.svc.cluster.local user=payments database=payments`: dial error (dial tcp <*>: connect: connection refused)',
            pgAddr,
          ),
        ],
      ]),
    ),
  ),
];

const sf = jstr(
  keep('storefront', pick('eu-main', 'uk-main', 'us-east', 'outlet')),
);
const reconcileId = jstr(uuid);
/** controller-runtime's controller context fields. */
const ctrl: JsonObject = [
  ['controller', 'storefront'],
  ['controllerGroup', 'shop.example.com'],
  ['controllerKind', 'Storefront'],
];
const cr = (
  level: string,
  msg: string,
  fields: JsonObject,
  logger?: string,
): JsonObject => [
  ['level', level],
  ['ts', jstr(ts.iso3)],
  ...(logger ? ([['logger', logger]] as JsonObject) : []),
  ['msg', msg],
  ...fields,
];
const reconcileCtx: JsonObject = [
  ...ctrl,
  [
    'Storefront',
    [
      ['name', sf],
      ['namespace', 'shop'],
    ],
  ],
  ['namespace', 'shop'],
  ['name', sf],
  ['reconcileID', reconcileId],
];
const crStack = jstr(
  () =>
    'sigs.k8s.io/controller-runtime/pkg/internal/controller.(*Controller).reconcileHandler\n\t/go/pkg/mod/sigs.k8s.io/controller-runtime@v0.17.2/pkg/internal/controller/controller.go:329\nsigs.k8s.io/controller-runtime/pkg/internal/controller.(*Controller).processNextWorkItem\n\t/go/pkg/mod/sigs.k8s.io/controller-runtime@v0.17.2/pkg/internal/controller/controller.go:266',
);

const OPERATOR = [
  e(400, jsonLine(cr('info', 'reconciling', reconcileCtx, 'storefront'))),
  e(
    180,
    jsonLine(
      cr(
        'info',
        'reconcile finished',
        [
          ...reconcileCtx,
          ['duration', jstr(pick('12ms', '38ms', '104ms', '7ms'))],
        ],
        'storefront',
      ),
    ),
  ),
  e(
    40,
    jsonLine(
      cr(
        'info',
        'updated deployment',
        [
          ...reconcileCtx,
          [
            'deployment',
            jstr(
              cat(
                'storefront-',
                pick('eu-main', 'uk-main', 'us-east', 'outlet'),
              ),
            ),
          ],
        ],
        'storefront',
      ),
    ),
  ),
  e(
    6,
    jsonLine(
      cr(
        'info',
        'created service',
        [
          ...reconcileCtx,
          [
            'service',
            jstr(
              cat(
                'storefront-',
                pick('eu-main', 'uk-main', 'us-east', 'outlet'),
              ),
            ),
          ],
        ],
        'storefront',
      ),
    ),
  ),
  e(
    30,
    jsonLine(
      cr('error', 'Reconciler error', [
        ...reconcileCtx,
        [
          'error',
          jtpl(
            'Operation cannot be fulfilled on storefronts.shop.example.com "<*>": the object has been modified; please apply your changes to the latest version and try again',
            pick('eu-main', 'uk-main', 'us-east', 'outlet'),
          ),
        ],
        ['stacktrace', crStack],
      ]),
    ),
  ),
  e(
    8,
    jsonLine(
      cr('error', 'Reconciler error', [
        ...reconcileCtx,
        [
          'error',
          jtpl(
            'failed to get secret shop/<*>: secrets "<*>" not found',
            pick('storefront-tls'),
            pick('storefront-tls'),
          ),
        ],
        ['stacktrace', crStack],
      ]),
    ),
  ),
  e(
    3,
    jsonLine(
      cr('info', 'Starting EventSource', [
        ...ctrl,
        ['source', 'kind source: *v1alpha1.Storefront'],
      ]),
    ),
  ),
  e(3, jsonLine(cr('info', 'Starting Controller', ctrl))),
  e(
    3,
    jsonLine(
      cr('info', 'Starting workers', [
        ...ctrl,
        ['worker count', jraw(pick('1', '2'))],
      ]),
    ),
  ),
  e(
    3,
    jsonLine(
      cr('info', 'Starting metrics server', [], 'controller-runtime.metrics'),
    ),
  ),
  e(
    3,
    jsonLine(
      cr(
        'info',
        'Serving metrics server',
        [
          ['bindAddress', ':8080'],
          ['secure', false],
        ],
        'controller-runtime.metrics',
      ),
    ),
  ),
  e(
    twice,
    jsonLine(
      cr('info', 'Stopping and waiting for non leader election runnables', []),
    ),
  ),
  e(
    twice,
    jsonLine(
      cr('info', 'Stopping and waiting for leader election runnables', []),
    ),
  ),
];

/** logrus JSON sorts its keys, so the message sits among the fields. */
const SHIPPING = [
  e(
    220,
    jsonLine([
      ['carrier', jstr(pick('dhl', 'ups', 'dpd'))],
      ['level', 'info'],
      ['msg', 'label created'],
      ['order_id', jraw(orderId)],
      ['time', jstr(ts.iso0)],
      ['tracking', jstr(cat('JD', int(1e9, 9e9)))],
    ]),
  ),
  e(
    260,
    jsonLine([
      ['carrier', jstr(pick('dhl', 'ups', 'dpd'))],
      ['level', 'info'],
      ['msg', 'quote computed'],
      ['price', jraw(lognum(6, 0.4, 2))],
      ['time', jstr(ts.iso0)],
      ['zone', jstr(pick('DE', 'FR', 'NL', 'UK'))],
    ]),
  ),
  e(
    24,
    jsonLine([
      ['attempt', jraw(int(1, 3))],
      ['carrier', jstr(pick('dhl', 'ups', 'dpd'))],
      ['error', 'carrier api: 429 Too Many Requests'],
      ['level', 'warning'],
      ['msg', 'carrier api retry'],
      ['time', jstr(ts.iso0)],
    ]),
  ),
  e(
    11,
    jsonLine([
      ['carrier', jstr(pick('dhl', 'ups', 'dpd'))],
      [
        'error',
        jtpl(
          'Get "https://api.carrier.example.com/v2/rates?zone=<*>": dial tcp: lookup api.carrier.example.com on 10.96.0.10:53: no such host',
          pick('DE', 'FR'),
        ),
      ],
      ['level', 'error'],
      ['msg', 'carrier api failed'],
      ['time', jstr(ts.iso0)],
    ]),
  ),
  e(
    6,
    jsonLine([
      ['carrier', jstr(pick('dhl', 'ups', 'dpd'))],
      ['error', 'carrier api: 500 Internal Server Error'],
      ['level', 'error'],
      ['msg', 'carrier api failed'],
      ['time', jstr(ts.iso0)],
    ]),
  ),
  e(
    3,
    jsonLine([
      ['level', 'info'],
      ['msg', 'shipping service listening'],
      ['port', jraw(pick('8080'))],
      ['time', jstr(ts.iso0)],
    ]),
  ),
  e(
    twice,
    jsonLine([
      ['level', 'warning'],
      ['msg', 'carrier config missing, using defaults'],
      ['time', jstr(ts.iso0)],
    ]),
  ),
];

export const jsonGo: FormatSpec = {
  name: 'json-go',
  title: 'JSON app logs from Go (zap, controller-runtime, logrus JSON)',
  sources: [
    'https://pkg.go.dev/go.uber.org/zap#NewProductionConfig',
    'https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/internal/controller/controller.go',
    'https://github.com/sirupsen/logrus#formatters',
  ],
  records: 3500,
  entries: [...PAYMENTS, ...OPERATOR, ...SHIPPING],
};

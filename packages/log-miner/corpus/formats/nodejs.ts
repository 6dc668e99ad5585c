import { e, FormatSpec, once, Param, t, trace, twice } from '../model';
import * as ts from '../time';
import { nodeTail } from '../traces';
import {
  cat,
  clusterIp,
  email,
  int,
  lognum,
  pick,
  podIp,
  podIpPort,
  port,
  productId,
  userId,
  uuid,
  wpick,
} from '../values';
import { jraw, jsonLine, JsonObject, jstr, jtpl } from './common';

// Node.js services: pino (Fastify's logger and a worker), kafkajs' JSON logger, bunyan, and the
// runtime's own stderr output (warnings, uncaught exception crashes).
// - pino: `{"level":30,"time":<ms>,"pid":…,"hostname":…,…bindings/fields,"msg":…}`
//   https://getpino.io/#/docs/api?id=logger , Fastify request logging https://fastify.dev/docs/latest/Reference/Logging/
// - kafkajs default logger https://kafka.js.org/docs/custom-logger
// - bunyan core fields https://github.com/trentm/node-bunyan#core-fields
// - uncaught exception output (source line, caret, stack, `Node.js vX`) and process warnings:
//   https://nodejs.org/api/process.html#event-uncaughtexception , https://nodejs.org/api/process.html#event-warning
// Convention (JSON): msg/message, level, logger name (`name`, `logger`) and error type, message
// and code are the event (the error message's own variables masked); other values, including
// `err.stack`, are parameters. A crash is ONE record keyed by exception type and top `at` frame.

const hostname =
  (dep: string): Param =>
  g =>
    g.keep(
      'host',
      () => g.r.pick(g.w.deployments.find(d => d.name === dep)!.pods).name,
    );
const pino = (
  level: number,
  dep: string,
  fields: JsonObject,
  msg: string | ReturnType<typeof jtpl>,
): JsonObject => [
  ['level', level],
  ['time', jraw(ts.epochMs)],
  ['pid', jraw(pick('1', '7', '18'))],
  ['hostname', jstr(hostname(dep))],
  ...fields,
  ['msg', msg],
];

const reqId = jstr(cat('req-', g => g.r.int(1, 9999).toString(36)));
const url: Param = g =>
  g.r.weighted<string>([
    [`/api/products/${productId(g)}`, 5],
    [`/api/products?page=${g.r.int(1, 30)}`, 3],
    ['/api/categories', 2],
    ['/health', 3],
  ]);
const remote = jstr(g => podIp('frontend')(g));
const redisAddr: Param = g => clusterIp('redis-master')(g);
const errStack =
  (first: string): Param =>
  g =>
    `${first.replace(
      '<*>',
      `${redisAddr(g)}:6379`,
    )}\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)`;

const FASTIFY = [
  e(
    700,
    jsonLine(
      pino(
        30,
        'catalog',
        [
          ['reqId', reqId],
          [
            'req',
            [
              ['method', jstr(wpick(['GET', 9], ['POST', 1]))],
              ['url', jstr(url)],
              ['hostname', 'catalog.shop:8080'],
              ['remoteAddress', remote],
              ['remotePort', jraw(port)],
            ],
          ],
        ],
        'incoming request',
      ),
    ),
  ),
  e(
    690,
    jsonLine(
      pino(
        30,
        'catalog',
        [
          ['reqId', reqId],
          [
            'res',
            [['statusCode', jraw(wpick(['200', 95], ['304', 3], ['404', 2]))]],
          ],
          ['responseTime', jraw(lognum(4, 1, 13))],
        ],
        'request completed',
      ),
    ),
  ),
  e(
    20,
    jsonLine(
      pino(
        50,
        'catalog',
        [
          ['reqId', reqId],
          [
            'req',
            [
              ['method', 'GET'],
              ['url', jstr(url)],
              ['hostname', 'catalog.shop:8080'],
              ['remoteAddress', remote],
              ['remotePort', jraw(port)],
            ],
          ],
          ['res', [['statusCode', 500]]],
          [
            'err',
            [
              ['type', 'Error'],
              ['message', jtpl('connect ECONNREFUSED <*>:6379', redisAddr)],
              ['stack', jstr(errStack('Error: connect ECONNREFUSED <*>'))],
              ['errno', -111],
              ['code', 'ECONNREFUSED'],
              ['syscall', 'connect'],
              ['address', jstr(redisAddr)],
              ['port', 6379],
            ],
          ],
        ],
        jtpl('connect ECONNREFUSED <*>:6379', redisAddr),
      ),
    ),
  ),
  e(
    8,
    jsonLine(
      pino(
        40,
        'catalog',
        [
          ['reqId', reqId],
          ['res', [['statusCode', 400]]],
          [
            'err',
            [
              ['type', 'FastifyError'],
              ['message', "body must have required property 'sku'"],
              [
                'stack',
                jstr(
                  () =>
                    "FastifyError: body must have required property 'sku'\n    at defaultSchemaErrorFormatter (/app/node_modules/fastify/lib/context.js:107:10)",
                ),
              ],
              ['code', 'FST_ERR_VALIDATION'],
              ['name', 'FastifyError'],
              ['statusCode', 400],
            ],
          ],
        ],
        "body must have required property 'sku'",
      ),
    ),
  ),
  e(
    4,
    jsonLine(
      pino(30, 'catalog', [], 'Server listening at http://0.0.0.0:8080'),
    ),
  ),
  e(3, jsonLine(pino(30, 'catalog', [], 'Received SIGTERM, closing server'))),
];

const template = jstr(
  pick(
    'order-confirmation',
    'shipping-update',
    'password-reset',
    'abandoned-cart',
  ),
);
const NOTIFY = [
  e(
    420,
    jsonLine(
      pino(
        30,
        'notification',
        [
          ['channel', 'email'],
          ['template', template],
          ['to', jstr(email)],
          ['messageId', jstr(g => `<${uuid(g)}@mail.example.com>`)],
        ],
        'notification sent',
      ),
    ),
  ),
  e(
    160,
    jsonLine(
      pino(
        30,
        'notification',
        [
          ['channel', 'sms'],
          ['template', template],
          ['userId', jraw(userId)],
        ],
        'notification sent',
      ),
    ),
  ),
  e(
    40,
    jsonLine(
      pino(
        40,
        'notification',
        [
          ['channel', 'sms'],
          ['attempt', jraw(int(1, 4))],
          ['retryInMs', jraw(pick('500', '1000', '2000'))],
        ],
        'provider throttled, retrying',
      ),
    ),
  ),
  e(
    30,
    jsonLine(
      pino(
        40,
        'notification',
        [
          ['channel', 'email'],
          ['to', jstr(email)],
        ],
        'recipient suppressed (hard bounce)',
      ),
    ),
  ),
  e(
    12,
    jsonLine(
      pino(
        50,
        'notification',
        [
          [
            'err',
            [
              ['type', 'Error'],
              ['message', jtpl('connect ECONNREFUSED <*>:6379', redisAddr)],
              ['stack', jstr(errStack('Error: connect ECONNREFUSED <*>'))],
              ['errno', -111],
              ['code', 'ECONNREFUSED'],
              ['syscall', 'connect'],
              ['address', jstr(redisAddr)],
              ['port', 6379],
            ],
          ],
        ],
        jtpl('connect ECONNREFUSED <*>:6379', redisAddr),
      ),
    ),
  ),
  e(
    6,
    jsonLine(
      pino(
        50,
        'notification',
        [
          [
            'err',
            [
              ['type', 'Error'],
              [
                'message',
                jtpl(
                  'getaddrinfo ENOTFOUND <*>',
                  pick('smtp.mailprovider.example'),
                ),
              ],
              [
                'stack',
                jstr(
                  () =>
                    `Error: getaddrinfo ENOTFOUND smtp.mailprovider.example\n    at GetAddrInfoReqWrap.onlookup [as oncomplete] (node:dns:118:26)`,
                ),
              ],
              ['errno', -3008],
              ['code', 'ENOTFOUND'],
              ['syscall', 'getaddrinfo'],
              ['hostname', jstr(pick('smtp.mailprovider.example'))],
            ],
          ],
          ['channel', 'email'],
        ],
        'failed to send notification',
      ),
    ),
  ),
];

const kafkaBroker = jstr(
  g => `kafka-${g.r.int(0, 2)}.kafka-headless.data.svc.cluster.local:9092`,
);
const kafkajs = (
  level: string,
  message: string | ReturnType<typeof jtpl>,
  fields: JsonObject,
): JsonObject => [
  ['level', level],
  ['timestamp', jstr(ts.iso3)],
  ['logger', 'kafkajs'],
  ['message', message],
  ...fields,
];
const memberId = jstr(g => `notification-${uuid(g)}`);
const KAFKAJS = [
  e(
    40,
    jsonLine(
      kafkajs('INFO', '[ConsumerGroup] Consumer has joined the group', [
        ['groupId', 'notification'],
        ['memberId', memberId],
        ['leaderId', memberId],
        ['isLeader', jraw(pick('true', 'false'))],
        [
          'memberAssignment',
          [
            [
              'notifications',
              jraw(
                g =>
                  `[${Array.from({ length: g.r.int(1, 3) }, () =>
                    g.r.int(0, 11),
                  ).join(',')}]`,
              ),
            ],
          ],
        ],
        ['groupProtocol', 'RoundRobinAssigner'],
        ['duration', jraw(int(20, 3000))],
      ]),
    ),
  ),
  e(
    30,
    jsonLine(
      kafkajs('ERROR', '[Runner] The group is rebalancing, re-joining', [
        ['groupId', 'notification'],
        ['memberId', memberId],
        ['error', 'The group is rebalancing, so a rejoin is needed'],
        ['retryCount', jraw(pick('0'))],
        ['retryTime', jraw(int(200, 600))],
      ]),
    ),
  ),
  e(
    14,
    jsonLine(
      kafkajs(
        'ERROR',
        jtpl(
          '[Connection] Connection error: connect ECONNREFUSED <*>',
          podIpPort('kafka'),
        ),
        [
          ['broker', kafkaBroker],
          ['clientId', 'notification'],
          [
            'stack',
            jstr(
              g =>
                `Error: connect ECONNREFUSED ${podIpPort('kafka')(
                  g,
                )}\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)`,
            ),
          ],
        ],
      ),
    ),
  ),
  e(
    8,
    jsonLine(
      kafkajs(
        'ERROR',
        '[BrokerPool] Failed to connect to seed broker, trying another broker from the list: Connection error: connect ECONNREFUSED',
        [
          ['retryCount', jraw(int(0, 5))],
          ['retryTime', jraw(int(300, 9000))],
        ],
      ),
    ),
  ),
  e(
    4,
    jsonLine(
      kafkajs('WARN', '[Connection] Response Heartbeat(key: 12, version: 3)', [
        ['broker', kafkaBroker],
        ['clientId', 'notification'],
        ['error', 'The coordinator is not aware of this member'],
        ['correlationId', jraw(int(10, 9000))],
        ['size', jraw(pick('10'))],
      ]),
    ),
  ),
];

const bunyan = (level: number, fields: JsonObject, msg: string): JsonObject => [
  ['name', 'search-indexer'],
  ['hostname', jstr(hostname('search'))],
  ['pid', jraw(pick('1'))],
  ['level', level],
  ...fields,
  ['msg', msg],
  ['time', jstr(ts.iso3)],
  ['v', 0],
];
const BUNYAN = [
  e(
    260,
    jsonLine(
      bunyan(
        30,
        [
          ['index', jstr(pick('products-v7'))],
          ['docs', jraw(int(1, 500))],
          ['took', jraw(int(5, 400))],
        ],
        'bulk indexed',
      ),
    ),
  ),
  e(
    40,
    jsonLine(
      bunyan(
        30,
        [
          ['index', jstr(pick('products-v7'))],
          ['offset', jraw(int(1e5, 9e5))],
        ],
        'checkpoint saved',
      ),
    ),
  ),
  e(
    9,
    jsonLine(
      bunyan(
        50,
        [
          [
            'err',
            [
              [
                'message',
                'es_rejected_execution_exception: rejected execution of coordinating operation',
              ],
              ['name', 'ResponseError'],
              [
                'stack',
                jstr(
                  () =>
                    'ResponseError: es_rejected_execution_exception: rejected execution of coordinating operation\n    at SniffingTransport.request (/app/node_modules/@elastic/transport/lib/Transport.js:479:27)',
                ),
              ],
            ],
          ],
        ],
        'bulk index failed',
      ),
    ),
  ),
  e(
    4,
    jsonLine(
      bunyan(
        40,
        [['lagMs', jraw(int(30000, 300000))]],
        'indexer is lagging behind the change stream',
      ),
    ),
  ),
];

const RUNTIME = [
  e(
    5,
    t(
      '(node:<*>) [DEP0040] DeprecationWarning: The `punycode` module is deprecated. Please use a userland alternative instead.\n(Use `node --trace-deprecation ...` to show where the warning was created)',
      pick('1', '7'),
    ),
  ),
  e(
    3,
    t(
      '(node:<*>) MaxListenersExceededWarning: Possible EventEmitter memory leak detected. <*> error listeners added to [Socket]. Use emitter.setMaxListeners() to increase limit\n(Use `node --trace-warnings ...` to show where the warning was created)',
      pick('1', '7'),
      int(11, 14),
    ),
  ),
  e(
    3,
    trace(
      'MaxRetriesPerRequestError',
      'Socket.<anonymous> (/app/node_modules/ioredis/built/redis/event_handler.js:182:37)',
      t(
        '/app/node_modules/ioredis/built/redis/event_handler.js:182\n                self.flushQueue(new errors_1.MaxRetriesPerRequestError(maxRetriesPerRequest));\n                                ^\n\nMaxRetriesPerRequestError: Reached the max retries per request limit (which is 20). Refer to "maxRetriesPerRequest" option for details.\n    at Socket.<anonymous> (/app/node_modules/ioredis/built/redis/event_handler.js:182:37)\n<*>\n\nNode.js v20.11.1',
        nodeTail([
          [
            'Object.onceWrapper (node:events:634:26)',
            'Socket.emit (node:events:519:28)',
            'TCP.<anonymous> (node:net:338:12)',
          ],
        ]),
      ),
    ),
  ),
  e(
    4,
    trace(
      'TypeError',
      'renderTemplate (/app/dist/handlers/send.js:48:37)',
      t(
        "/app/dist/handlers/send.js:48\n    const locale = user.preferences.locale;\n                                    ^\n\nTypeError: Cannot read properties of undefined (reading 'locale')\n    at renderTemplate (/app/dist/handlers/send.js:48:37)\n<*>\n\nNode.js v20.11.1",
        nodeTail([
          [
            'processMessage (/app/dist/consumer.js:71:22)',
            'Runner.eachMessage (/app/dist/consumer.js:30:13)',
            'Runner.processEachMessage (/app/node_modules/kafkajs/src/consumer/runner.js:231:20)',
          ],
          [
            'sendDigest (/app/dist/jobs/digest.js:19:11)',
            'process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
          ],
        ]),
      ),
    ),
  ),
  e(
    twice,
    trace(
      'UnhandledPromiseRejection',
      'node:internal/process/promises:289',
      t(
        'node:internal/process/promises:289\n            triggerUncaughtException(err, true /* fromPromise */);\n            ^\n\n[UnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch block, or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason "<*>".] {\n  code: \'ERR_UNHANDLED_REJECTION\'\n}\n\nNode.js v20.11.1',
        pick('timeout', '#<Object>'),
      ),
    ),
  ),
  e(
    once,
    trace(
      'Error',
      'Object.openSync (node:fs:573:18)',
      t(
        "node:fs:573\n  return binding.open(\n                 ^\n\nError: ENOENT: no such file or directory, open '/app/config/templates.json'\n    at Object.openSync (node:fs:573:18)\n<*> {\n  errno: -2,\n  code: 'ENOENT',\n  syscall: 'open',\n  path: '/app/config/templates.json'\n}\n\nNode.js v20.11.1",
        nodeTail([
          [
            'Object.readFileSync (node:fs:452:35)',
            'Object.<anonymous> (/app/dist/templates.js:9:37)',
            'Module._compile (node:internal/modules/cjs/loader:1376:14)',
          ],
        ]),
      ),
    ),
  ),
];

export const nodejs: FormatSpec = {
  name: 'nodejs',
  title:
    'Node.js (pino/Fastify, kafkajs, bunyan JSON; runtime warnings and crash traces)',
  sources: [
    'https://getpino.io/#/docs/api?id=logger',
    'https://fastify.dev/docs/latest/Reference/Logging/',
    'https://kafka.js.org/docs/custom-logger',
    'https://github.com/trentm/node-bunyan#core-fields',
    'https://nodejs.org/api/process.html#event-uncaughtexception',
  ],
  records: 3500,
  entries: [...FASTIFY, ...NOTIFY, ...KAFKAJS, ...BUNYAN, ...RUNTIME],
};

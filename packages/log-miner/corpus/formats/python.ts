import {
  e,
  FormatSpec,
  once,
  Param,
  t,
  TemplateSpec,
  trace,
  twice,
  withHeader,
} from '../model';
import * as ts from '../time';
import { PyFrame, pyFrame, pyOuter } from '../traces';
import {
  bytes,
  cat,
  clientIp,
  hex,
  int,
  lognum,
  millis,
  pick,
  podIp,
  uuid,
  userAgent,
  userId,
} from '../values';
import { accessEntries, route, Route, StatusClass, statusTail } from './common';

// Python services: Django REST app under gunicorn, a Celery worker, a Kafka consumer.
// - logging: `%(asctime)s %(levelname)s [%(name)s] %(message)s` (LogRecord attributes,
//   https://docs.python.org/3/library/logging.html#logrecord-attributes ), exceptions via
//   `logger.exception` with the traceback layout of https://docs.python.org/3/library/traceback.html
//   (Python 3.11 carets included)
// - gunicorn: error log `[%(asctime)s] [%(process)d] [%(levelname)s] %(message)s` and the default
//   access_log_format `%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"`
//   https://docs.gunicorn.org/en/stable/settings.html#access-log-format ,
//   https://github.com/benoitc/gunicorn/blob/master/gunicorn/arbiter.py
// - Celery worker: `[%(asctime)s: %(levelname)s/%(processName)s] %(message)s`
//   https://docs.celeryq.dev/en/stable/userguide/configuration.html#worker-log-format
// Convention: level, logger and message are the event. A traceback is ONE record keyed by the
// final exception type and the innermost (last printed, raising) frame: that frame and the
// exception line are template text (variables masked), every frame printed before it (and any
// chained traceback before the last one) is a single `<*>`. Access lines: method, route and
// status class (see README).

/** Python `logging` with the app's format. */
const py = (
  level: string,
  logger: string,
  msg: string,
  ...ps: Param[]
): TemplateSpec =>
  withHeader(`<*> ${level} [${logger}] `, [ts.comma3], t(msg, ...ps));

/** A traceback after a log line: outer frames `<*>`, then the raising frame and the exception. */
const tb = (
  level: string,
  logger: string,
  header: string,
  headerParams: Param[],
  outer: Param,
  top: PyFrame,
  carets: string,
  exc: string,
  ...excParams: Param[]
) =>
  trace(
    exc.split(':')[0],
    `${top[0]}:${top[1]} in ${top[2]}`,
    py(
      level,
      logger,
      `${header}\nTraceback (most recent call last):\n<*>\n${pyFrame(top)}${
        carets ? `\n    ${carets}` : ''
      }\n${exc}`,
      ...headerParams,
      outer,
      ...excParams,
    ),
  );

const SITE = '/usr/local/lib/python3.11/site-packages';
const recoPath: Param = g => `/api/v1/recommendations/${userId(g)}`;

const APP = [
  e(
    600,
    py(
      'INFO',
      'reco.api',
      'Served <*> recommendations for user <*> in <*>ms (model=<*>)',
      int(8, 24),
      userId,
      millis(35, 0.6),
      pick('als-2024-03-01', 'als-2024-03-06'),
    ),
  ),
  e(
    60,
    py(
      'WARNING',
      'reco.api',
      'Falling back to popular items for user <*>: feature store timeout after <*>ms',
      userId,
      pick('250', '500'),
    ),
  ),
  e(
    4,
    py(
      'INFO',
      'reco.model',
      'Loaded model <*> (<*> items) from s3://ml-models/reco/<*>',
      pick('als-2024-03-06'),
      int(48000, 49000),
      pick('als-2024-03-06.npz'),
    ),
  ),
  e(40, py('WARNING', 'django.request', 'Not Found: <*>', recoPath)),
  e(16, py('WARNING', 'django.request', 'Bad Request: <*>', recoPath)),
  e(10, py('WARNING', 'django.request', 'Unauthorized: <*>', recoPath)),
  e(
    300,
    py(
      'INFO',
      'orders.worker',
      'Processed message <*> from topic orders in <*>ms',
      cat('orders-', int(0, 11), '@', int(100000, 999999)),
      millis(12, 0.8),
    ),
  ),
  e(
    26,
    py(
      'WARNING',
      'urllib3.connectionpool',
      "Retrying (Retry(total=<*>, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<urllib3.connection.HTTPConnection object at 0x<*>>: Failed to establish a new connection: [Errno 111] Connection refused')': /api/shipping/v2/quote?zip=<*>",
      int(0, 2),
      hex(12),
      int(10000, 99999),
    ),
  ),
  e(
    12,
    py(
      'WARNING',
      'urllib3.connectionpool',
      "Retrying (Retry(total=<*>, connect=None, read=None, redirect=None, status=None)) after connection broken by 'ReadTimeoutError(\"HTTPConnectionPool(host='shipping.shop.svc.cluster.local', port=8080): Read timed out. (read timeout=2)\")': /api/shipping/v2/quote?zip=<*>",
      int(0, 2),
      int(10000, 99999),
    ),
  ),
  e(
    30,
    py(
      'INFO',
      'apscheduler.executors.default',
      'Running job "refresh_features (trigger: interval[0:05:00], next run at: <*> UTC)" (scheduled at <*>+00:00)',
      ts.goLog,
      ts.goLog,
    ),
  ),
  e(
    29,
    py(
      'INFO',
      'apscheduler.executors.default',
      'Job "refresh_features (trigger: interval[0:05:00], next run at: <*> UTC)" executed successfully',
      ts.goLog,
    ),
  ),
  e(
    twice,
    py(
      'WARNING',
      'apscheduler.scheduler',
      'Execution of job "refresh_features (trigger: interval[0:05:00], next run at: <*> UTC)" skipped: maximum number of running instances reached (1)',
      ts.goLog,
    ),
  ),
];

const GUNICORN_ROUTES: readonly Route[] = [
  route('GET', '/api/v1/recommendations/<*>', [userId], 'recommendation', {
    2: 640,
    4: 40,
    5: 12,
  }),
  route(
    'GET',
    '/api/v1/recommendations/<*>?limit=<*>',
    [userId, pick('8', '12', '24')],
    'recommendation',
    { 2: 210 },
  ),
  route(
    'POST',
    '/api/v1/feedback',
    [],
    'recommendation',
    { 2: 160, 4: 14 },
    { 4: [['400', 1]] },
  ),
  route('GET', '/healthz', [], 'recommendation', { 2: 420 }),
  route('GET', '/metrics', [], 'recommendation', { 2: 120 }),
];

const gunicornAccess = (rt: Route, cls: StatusClass) =>
  t(
    `<*> - - [<*>] "${rt.method} ${rt.path} HTTP/1.1" ${cls}<*> <*> "-" "<*>"`,
    rt.path === '/healthz' ? podIp() : clientIp,
    ts.clf,
    ...rt.pathParams,
    statusTail(cls),
    bytes(cls === 2 ? 1400 : 90, 0.8),
    rt.path === '/healthz' ? pick('kube-probe/1.29') : userAgent,
  );

const gpid = int(7, 40);
/** gunicorn's error log (the arbiter and workers). */
const gun = (level: string, msg: string, ...ps: Param[]) =>
  t(`[<*>] [<*>] [${level}] ${msg}`, ts.gunicorn, gpid, ...ps);

const GUNICORN = [
  e(4, gun('INFO', 'Starting gunicorn 21.2.0')),
  e(4, gun('INFO', 'Listening at: http://0.0.0.0:8000 (<*>)', pick('1'))),
  e(4, gun('INFO', 'Using worker: gthread')),
  e(16, gun('INFO', 'Booting worker with pid: <*>', gpid)),
  e(6, gun('CRITICAL', 'WORKER TIMEOUT (pid:<*>)', gpid)),
  e(
    3,
    gun(
      'ERROR',
      'Worker (pid:<*>) was sent SIGKILL! Perhaps out of memory?',
      gpid,
    ),
  ),
  e(
    4,
    gun('WARNING', 'Worker with pid <*> was terminated due to signal 9', gpid),
  ),
  e(
    3,
    gun('WARNING', 'Worker with pid <*> was terminated due to signal 15', gpid),
  ),
  e(3, gun('INFO', 'Handling signal: term')),
  e(10, gun('INFO', 'Worker exiting (pid: <*>)', gpid)),
  e(3, gun('INFO', 'Shutting down: Master')),
];

const celery = (
  level: string,
  proc: 'MainProcess' | 'Worker',
  msg: string,
  ...ps: Param[]
) =>
  proc === 'MainProcess'
    ? t(`[<*>: ${level}/MainProcess] ${msg}`, ts.comma3, ...ps)
    : t(
        `[<*>: ${level}/ForkPoolWorker-<*>] ${msg}`,
        ts.comma3,
        int(1, 8),
        ...ps,
      );
const taskId: Param = g => g.keep('task', () => uuid(g));

const CELERY = [
  e(
    160,
    celery(
      'INFO',
      'MainProcess',
      'Task reports.tasks.send_digest[<*>] received',
      taskId,
    ),
  ),
  e(
    155,
    celery(
      'INFO',
      'Worker',
      'Task reports.tasks.send_digest[<*>] succeeded in <*>s: None',
      taskId,
      lognum(0.4, 0.6, 9),
    ),
  ),
  e(
    60,
    celery(
      'INFO',
      'MainProcess',
      'Task reports.tasks.build_report[<*>] received',
      taskId,
    ),
  ),
  e(
    55,
    celery(
      'INFO',
      'Worker',
      "Task reports.tasks.build_report[<*>] succeeded in <*>s: {'rows': <*>, 'bytes': <*>}",
      taskId,
      lognum(12, 0.6, 9),
      int(100, 90000),
      bytes(2e6, 1),
    ),
  ),
  e(
    14,
    celery(
      'WARNING',
      'Worker',
      'Task reports.tasks.build_report[<*>] retry: Retry in <*>s: OperationalError(\'could not translate host name "postgres.data.svc.cluster.local" to address: Temporary failure in name resolution\\n\')',
      taskId,
      pick('10', '20', '40'),
    ),
  ),
  e(
    4,
    celery(
      'INFO',
      'MainProcess',
      'Connected to redis://redis-master.data.svc.cluster.local:6379/0',
    ),
  ),
  e(4, celery('INFO', 'MainProcess', 'mingle: searching for neighbors')),
  e(4, celery('INFO', 'MainProcess', 'mingle: all alone')),
  e(
    4,
    celery(
      'INFO',
      'MainProcess',
      'celery@reports-worker-<*> ready.',
      cat(hex(9), '-', hex(5)),
    ),
  ),
  e(
    3,
    celery(
      'WARNING',
      'MainProcess',
      'consumer: Connection to broker lost. Trying to re-establish the connection...',
    ),
  ),
  e(
    5,
    celery(
      'ERROR',
      'MainProcess',
      'consumer: Cannot connect to redis://redis-master.data.svc.cluster.local:6379/0: Error 111 connecting to redis-master.data.svc.cluster.local:6379. Connection refused..\nTrying again in <*> seconds... (<*>/100)',
      pick('2.00', '4.00', '6.00', '8.00'),
      int(1, 6),
    ),
  ),
];

const recoCallers: (readonly PyFrame[])[] = [
  [
    [
      '/app/reco/api/views.py',
      42,
      'retrieve',
      'items = ranker.top_k(user_id, k=limit)',
    ],
    [
      '/app/reco/ranking.py',
      61,
      'top_k',
      'scores = [self.score(user, item) for item in candidates]',
    ],
    [
      '/app/reco/ranking.py',
      61,
      '<listcomp>',
      'scores = [self.score(user, item) for item in candidates]',
    ],
  ],
  [
    [
      '/app/reco/api/views.py',
      42,
      'retrieve',
      'items = ranker.top_k(user_id, k=limit)',
    ],
    ['/app/reco/ranking.py', 66, 'top_k', 'return self._rerank(user, scores)'],
    [
      '/app/reco/ranking.py',
      97,
      '_rerank',
      'boost = self.score(user, item) * 1.2',
    ],
  ],
];
const redisCallers: (readonly PyFrame[])[] = [
  [
    [
      '/app/reco/api/views.py',
      38,
      'retrieve',
      'cached = cache.get(f"reco:{user_id}")',
    ],
    [
      `${SITE}/django_redis/cache.py`,
      29,
      '_decorator',
      'return method(self, *args, **kwargs)',
    ],
    [
      `${SITE}/redis/commands/core.py`,
      1829,
      'get',
      'return self.execute_command("GET", name)',
    ],
    [
      `${SITE}/redis/client.py`,
      533,
      'execute_command',
      'conn = self.connection or pool.get_connection(command_name, **options)',
    ],
    [
      `${SITE}/redis/connection.py`,
      1086,
      'get_connection',
      'connection.connect()',
    ],
  ],
];
const celeryCallers: (readonly PyFrame[])[] = [
  [
    [
      '/app/reports/tasks.py',
      88,
      'build_report',
      'rows = list(Order.objects.filter(created__gte=since).values_list(*FIELDS))',
    ],
    [`${SITE}/django/db/models/query.py`, 400, '__iter__', 'self._fetch_all()'],
    [
      `${SITE}/django/db/models/sql/compiler.py`,
      1562,
      'execute_sql',
      'cursor.execute(sql, params)',
    ],
    [
      `${SITE}/django/db/backends/utils.py`,
      79,
      'execute',
      'return self._execute_with_wrappers(',
    ],
    [
      `${SITE}/django/db/backends/utils.py`,
      92,
      '_execute_with_wrappers',
      'return executor(sql, params, many, context)',
    ],
  ],
];
const workerCallers: (readonly PyFrame[])[] = [
  [
    ['/app/orders/worker.py', 41, 'handle', 'event = decode(message.value)'],
    ['/app/orders/codec.py', 12, 'decode', 'return json.loads(raw)'],
    [
      '/usr/local/lib/python3.11/json/__init__.py',
      346,
      'loads',
      'return _default_decoder.decode(s)',
    ],
    [
      '/usr/local/lib/python3.11/json/decoder.py',
      337,
      'decode',
      'obj, end = self.raw_decode(s, idx=_w(s, 0).end())',
    ],
  ],
];
const shippingCallers: (readonly PyFrame[])[] = [
  [
    [
      '/app/reco/api/views.py',
      71,
      'quote',
      'resp = requests.get(SHIPPING_URL, params={"zip": zip_code}, timeout=2)',
    ],
    [
      `${SITE}/requests/api.py`,
      73,
      'get',
      'return request("get", url, params=params, **kwargs)',
    ],
    [
      `${SITE}/requests/sessions.py`,
      589,
      'request',
      'resp = self.send(prep, **send_kwargs)',
    ],
    [
      `${SITE}/requests/sessions.py`,
      703,
      'send',
      'r = adapter.send(request, **kwargs)',
    ],
  ],
];
/** The chained urllib3 tracebacks printed before the final requests exception. */
const URLLIB3_FRAMES: readonly PyFrame[] = [
  [
    `${SITE}/urllib3/connection.py`,
    203,
    '_new_conn',
    'sock = connection.create_connection(',
  ],
  [
    `${SITE}/urllib3/util/connection.py`,
    73,
    'create_connection',
    'sock.connect(sa)',
  ],
];
const chained: Param = g =>
  `${URLLIB3_FRAMES.map(pyFrame).join(
    '\n',
  )}\nConnectionRefusedError: [Errno 111] Connection refused\n\nThe above exception was the direct cause of the following exception:\n\nTraceback (most recent call last):\n${pyOuter(
    'django',
    shippingCallers,
  )(g)}`;

const PG_TOP: PyFrame = [
  `${SITE}/django/db/backends/utils.py`,
  105,
  '_execute',
  'return self.cursor.execute(sql, params)',
];
const CELERY_PG_HEADER =
  "Task reports.tasks.build_report[<*>] raised unexpected: OperationalError('server closed the connection unexpectedly\\n\\tThis probably means the server terminated abnormally\\n\\tbefore or while processing the request.\\n')\nTraceback (most recent call last):\n<*>";

const TRACEBACKS = [
  e(
    18,
    tb(
      'ERROR',
      'django.request',
      'Internal Server Error: <*>',
      [recoPath],
      pyOuter('django', recoCallers),
      [
        '/app/reco/ranking.py',
        88,
        'score',
        'segment = user.features["segment"]',
      ],
      '              ~~~~~~~~~~~~~^^^^^^^^^^^',
      "KeyError: 'segment'",
    ),
  ),
  e(
    9,
    tb(
      'ERROR',
      'django.request',
      'Internal Server Error: <*>',
      [recoPath],
      pyOuter('django', redisCallers),
      [
        `${SITE}/redis/connection.py`,
        357,
        'connect',
        'raise ConnectionError(self._error_message(e))',
      ],
      '',
      'redis.exceptions.ConnectionError: Error 111 connecting to redis-master.data.svc.cluster.local:6379. Connection refused.',
    ),
  ),
  e(
    7,
    tb(
      'ERROR',
      'django.request',
      'Internal Server Error: <*>',
      [g => `/api/v1/shipping-quote?zip=${int(10000, 99999)(g)}`],
      chained,
      [
        `${SITE}/requests/adapters.py`,
        519,
        'send',
        'raise ConnectionError(e, request=request)',
      ],
      '',
      "requests.exceptions.ConnectionError: HTTPConnectionPool(host='shipping.shop.svc.cluster.local', port=8080): Max retries exceeded with url: /api/shipping/v2/quote?zip=<*> (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x<*>>: Failed to establish a new connection: [Errno 111] Connection refused'))",
      int(10000, 99999),
      hex(12),
    ),
  ),
  e(
    12,
    trace(
      'psycopg2.OperationalError',
      `${SITE}/django/db/backends/utils.py:105 in _execute`,
      celery(
        'ERROR',
        'Worker',
        `${CELERY_PG_HEADER}\n${pyFrame(
          PG_TOP,
        )}\n           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\npsycopg2.OperationalError: server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.`,
        taskId,
        pyOuter('celery', celeryCallers),
      ),
    ),
  ),
  e(
    15,
    tb(
      'ERROR',
      'orders.worker',
      'Failed to process message <*>',
      [cat('orders-', int(0, 11), '@', int(100000, 999999))],
      pyOuter('worker', workerCallers),
      [
        '/usr/local/lib/python3.11/json/decoder.py',
        355,
        'raw_decode',
        'raise JSONDecodeError("Expecting value", s, err.value) from None',
      ],
      '',
      'json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)',
    ),
  ),
  e(
    twice,
    tb(
      'CRITICAL',
      'orders.worker',
      'Consumer crashed, exiting',
      [],
      pyOuter('none', [
        [
          ['/app/orders/main.py', 22, 'main', 'consumer.run()'],
          [
            '/app/orders/consumer.py',
            57,
            'run',
            'for message in self._consumer:',
          ],
        ],
      ]),
      [
        `${SITE}/kafka/consumer/group.py`,
        1193,
        '__next__',
        'return self.next_v2()',
      ],
      '',
      'kafka.errors.NoBrokersAvailable: NoBrokersAvailable',
    ),
  ),
  e(
    once,
    tb(
      'ERROR',
      'reco.model',
      'Model reload failed for <*>',
      [pick('als-2024-03-07')],
      pyOuter('none', [
        [
          [
            '/app/reco/model.py',
            40,
            'reload',
            'arr = np.load(io.BytesIO(blob))',
          ],
        ],
      ]),
      [
        `${SITE}/numpy/lib/npyio.py`,
        462,
        'load',
        'raise ValueError("Cannot load file containing pickled data "',
      ],
      '',
      'ValueError: Cannot load file containing pickled data when allow_pickle=False',
    ),
  ),
];

export const python: FormatSpec = {
  name: 'python',
  title: 'Python (logging, gunicorn, Celery, multi-line tracebacks)',
  sources: [
    'https://docs.python.org/3/library/logging.html#logrecord-attributes',
    'https://docs.python.org/3/library/traceback.html',
    'https://docs.gunicorn.org/en/stable/settings.html#access-log-format',
    'https://docs.celeryq.dev/en/stable/userguide/configuration.html#worker-log-format',
  ],
  records: 3500,
  entries: [
    ...APP,
    ...accessEntries(GUNICORN_ROUTES, gunicornAccess),
    ...GUNICORN,
    ...CELERY,
    ...TRACEBACKS,
  ],
};

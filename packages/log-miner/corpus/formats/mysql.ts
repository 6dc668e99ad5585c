import {
  e,
  FormatSpec,
  once,
  Param,
  seq,
  t,
  TemplateSpec,
  twice,
} from '../model';
import * as ts from '../time';
import { hex, int, pick, podIp, wpick } from '../values';

// MySQL 8.0 error log, the traditional format of the log_sink_internal sink:
//   `time thread [label] [err_code] [subsystem] msg`
//   https://dev.mysql.com/doc/refman/8.0/en/error-log-format.html ; messages and codes from
//   https://dev.mysql.com/doc/mysql-errors/8.0/en/server-error-reference.html ; InnoDB deadlock
//   output https://dev.mysql.com/doc/refman/8.0/en/innodb-deadlocks.html (innodb_print_all_deadlocks)
// Convention: label, error code, subsystem and message are the event (so two messages differing
// only in `(1)`/`(2)` of the deadlock dump, or in a code, are different events); time, thread id,
// addresses, names and numbers inside the message are parameters.

const my = (
  thread: 'server' | 'conn',
  label: string,
  code: string,
  subsystem: string,
  msg: string,
  ...ps: Param[]
): TemplateSpec =>
  t(
    `<*> <*> [${label}] [${code}] [${subsystem}] ${msg}`,
    ts.iso6,
    thread === 'server'
      ? pick('0', '1')
      : g => g.keep('conn', () => String(g.r.int(8, 99999))),
    ...ps,
  );

const host: Param = g => podIp()(g);
const user = wpick(['app', 6], ['reporting', 2], ['root', 1]);
const schema = pick('shop', 'legacy_orders');
const binlog: Param = g => `binlog.${String(g.r.int(1, 90)).padStart(6, '0')}`;
const table = pick('`shop`.`orders`', '`shop`.`stock`', '`shop`.`order_items`');

const CONNECTIONS = [
  e(
    620,
    my(
      'conn',
      'Warning',
      'MY-013360',
      'Server',
      "Plugin mysql_native_password reported: ''mysql_native_password' is deprecated and will be removed in a future release. Please use caching_sha2_password instead'",
    ),
  ),
  e(
    300,
    my(
      'conn',
      'Note',
      'MY-010914',
      'Server',
      "Aborted connection <*> to db: '<*>' user: '<*>' host: '<*>' (Got an error reading communication packets).",
      int(8, 99999),
      schema,
      user,
      host,
    ),
  ),
  e(
    120,
    my(
      'conn',
      'Note',
      'MY-010914',
      'Server',
      "Aborted connection <*> to db: '<*>' user: '<*>' host: '<*>' (Got timeout reading communication packets).",
      int(8, 99999),
      schema,
      user,
      host,
    ),
  ),
  e(
    60,
    my(
      'conn',
      'Warning',
      'MY-010055',
      'Server',
      "IP address '<*>' could not be resolved: Name or service not known",
      host,
    ),
  ),
  e(
    40,
    my(
      'conn',
      'Note',
      'MY-010926',
      'Server',
      "Access denied for user '<*>'@'<*>' (using password: <*>)",
      user,
      host,
      wpick(['YES', 5], ['NO', 1]),
    ),
  ),
  e(
    6,
    my(
      'server',
      'Warning',
      'MY-011068',
      'Server',
      "The syntax '<*>' is deprecated and will be removed in a future release. Please use <*> instead.",
      pick('log_slave_updates'),
      pick('log_replica_updates'),
    ),
  ),
];

/** One transaction of InnoDB's deadlock dump (`(N)` is the transaction's number, 1 or 2). */
const DEADLOCK_TXN: readonly (readonly [string, ...Param[]])[] = [
  ['*** (N) TRANSACTION:'],
  [
    'TRANSACTION <*>, ACTIVE <*> sec starting index read',
    int(1e6, 9e6),
    pick('0', '1', '2'),
  ],
  ['mysql tables in use 1, locked 1'],
  [
    'LOCK WAIT <*> lock struct(s), heap size 1128, <*> row lock(s)',
    int(2, 5),
    int(1, 4),
  ],
  [
    'MySQL thread id <*>, OS thread handle <*>, query id <*> <*> <*> updating',
    int(8, 99999),
    int(1.4e14, 1.41e14),
    int(1e6, 9e6),
    host,
    user,
  ],
  [
    "UPDATE stock SET reserved = reserved + <*> WHERE sku = 'SKU-<*>'",
    int(1, 5),
    g => hex(6)(g).toUpperCase(),
  ],
  ['*** (N) HOLDS THE LOCK(S):'],
  [
    'RECORD LOCKS space id <*> page no <*> n bits <*> index PRIMARY of table <*> trx id <*> lock_mode X locks rec but not gap',
    int(2, 90),
    int(4, 900),
    int(72, 200),
    table,
    int(1e6, 9e6),
  ],
  ['*** (N) WAITING FOR THIS LOCK TO BE GRANTED:'],
  [
    'RECORD LOCKS space id <*> page no <*> n bits <*> index PRIMARY of table <*> trx id <*> lock_mode X locks rec but not gap waiting',
    int(2, 90),
    int(4, 900),
    int(72, 200),
    table,
    int(1e6, 9e6),
  ],
];

const deadlockTxn = (n: 1 | 2) =>
  DEADLOCK_TXN.map(([text, ...ps]) =>
    my(
      'server',
      'Note',
      'MY-012469',
      'InnoDB',
      text.replace('(N)', `(${n})`),
      ...ps,
    ),
  );

const INNODB = [
  seq(
    9,
    my(
      'server',
      'Note',
      'MY-012468',
      'InnoDB',
      'Transactions deadlock detected, dumping detailed information. (lock0lock.cc:6482)',
    ),
    ...deadlockTxn(1),
    ...deadlockTxn(2),
    my(
      'server',
      'Note',
      'MY-012469',
      'InnoDB',
      '*** WE ROLL BACK TRANSACTION (2)',
    ),
  ),
  e(
    twice,
    my(
      'server',
      'ERROR',
      'MY-012592',
      'InnoDB',
      'Operating system error number 28 in a file operation.',
    ),
  ),
  e(
    twice,
    my(
      'server',
      'ERROR',
      'MY-012596',
      'InnoDB',
      "Error number 28 means 'No space left on device'",
    ),
  ),
  e(
    12,
    my(
      'server',
      'Note',
      'MY-011953',
      'InnoDB',
      'Page cleaner took <*>ms to flush <*> and evict <*> pages',
      int(4000, 40000),
      int(100, 9000),
      int(0, 200),
    ),
  ),
];

const LIFECYCLE = [
  e(
    4,
    my(
      'server',
      'System',
      'MY-010116',
      'Server',
      '/usr/sbin/mysqld (mysqld 8.0.36) starting as process 1',
    ),
  ),
  e(
    4,
    my(
      'server',
      'System',
      'MY-013576',
      'InnoDB',
      'InnoDB initialization has started.',
    ),
  ),
  e(
    4,
    my(
      'server',
      'System',
      'MY-013577',
      'InnoDB',
      'InnoDB initialization has ended.',
    ),
  ),
  e(
    4,
    my(
      'server',
      'Warning',
      'MY-010068',
      'Server',
      'CA certificate ca.pem is self signed.',
    ),
  ),
  e(
    4,
    my(
      'server',
      'System',
      'MY-013602',
      'Server',
      'Channel mysql_main configured to support TLS. Encrypted connections are now supported for this channel.',
    ),
  ),
  e(
    4,
    my(
      'server',
      'Warning',
      'MY-011810',
      'Server',
      "Insecure configuration for --pid-file: Location '/var/run/mysqld' in the path is accessible to all OS users. Consider choosing a different directory.",
    ),
  ),
  e(
    4,
    my(
      'server',
      'System',
      'MY-011323',
      'Server',
      "X Plugin ready for connections. Bind-address: '::' port: 33060, socket: /var/run/mysqld/mysqlx.sock",
    ),
  ),
  e(
    4,
    my(
      'server',
      'System',
      'MY-010931',
      'Server',
      "/usr/sbin/mysqld: ready for connections. Version: '8.0.36'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.",
    ),
  ),
  e(
    3,
    my(
      'server',
      'System',
      'MY-013172',
      'Server',
      'Received SHUTDOWN from user <via user signal>. Shutting down mysqld (Version: 8.0.36).',
    ),
  ),
  e(
    3,
    my(
      'server',
      'System',
      'MY-010910',
      'Server',
      '/usr/sbin/mysqld: Shutdown complete (mysqld 8.0.36)  MySQL Community Server - GPL.',
    ),
  ),
  e(
    3,
    my(
      'server',
      'Note',
      'MY-010051',
      'Server',
      'Event Scheduler: scheduler thread started with id <*>',
      int(5, 9),
    ),
  ),
  e(
    twice,
    my('server', 'Note', 'MY-012487', 'InnoDB', 'DDL log recovery : begin'),
  ),
  e(
    twice,
    my('server', 'Note', 'MY-012488', 'InnoDB', 'DDL log recovery : end'),
  ),
  e(
    twice,
    my(
      'server',
      'Warning',
      'MY-010139',
      'Server',
      'Changed limits: max_open_files: <*> (requested <*>)',
      pick('5000', '1048576'),
      pick('8161'),
    ),
  ),
  e(
    once,
    my(
      'server',
      'Warning',
      'MY-010142',
      'Server',
      'Changed limits: table_open_cache: <*> (requested <*>)',
      pick('1983', '3986'),
      pick('4000'),
    ),
  ),
];

const REPLICATION = [
  e(
    18,
    my(
      'server',
      'ERROR',
      'MY-010584',
      'Repl',
      "Replica I/O for channel '': Error connecting to source 'repl@mysql-0.mysql.data.svc.cluster.local:3306'. This was attempt <*>/86400, with a delay of 60 seconds between attempts. Message: Can't connect to MySQL server on 'mysql-0.mysql.data.svc.cluster.local:3306' (111), Error_code: MY-002003",
      int(1, 40),
    ),
  ),
  e(
    6,
    my(
      'server',
      'System',
      'MY-010562',
      'Repl',
      "Replica I/O thread for channel '': connected to source 'repl@mysql-0.mysql.data.svc.cluster.local:3306',replication started in log '<*>' at position <*>",
      binlog,
      int(4, 9e6),
    ),
  ),
  e(
    5,
    my(
      'server',
      'Warning',
      'MY-010897',
      'Repl',
      "Storing MySQL user name or password information in the connection metadata repository is not secure and is therefore not recommended. Please consider using the USER and PASSWORD connection options for START REPLICA; see the 'START REPLICA Syntax' in the MySQL Manual for more information.",
    ),
  ),
  e(
    4,
    my(
      'server',
      'Note',
      'MY-010581',
      'Repl',
      "Replica SQL thread for channel '' initialized, starting replication in log '<*>' at position <*>, relay log './mysql-1-relay-bin.<*>' position: <*>",
      binlog,
      int(4, 9e6),
      g => String(g.r.int(1, 90)).padStart(6, '0'),
      int(4, 9e6),
    ),
  ),
  e(
    twice,
    my(
      'server',
      'ERROR',
      'MY-010586',
      'Repl',
      'Error running query, replica SQL thread aborted. Fix the problem, and restart the replica SQL thread with "START REPLICA". We stopped at log \'<*>\' position <*>',
      binlog,
      int(4, 9e6),
    ),
  ),
];

export const mysql: FormatSpec = {
  name: 'mysql',
  title: 'MySQL 8.0 error log',
  sources: [
    'https://dev.mysql.com/doc/refman/8.0/en/error-log-format.html',
    'https://dev.mysql.com/doc/mysql-errors/8.0/en/server-error-reference.html',
    'https://dev.mysql.com/doc/refman/8.0/en/innodb-deadlocks.html',
  ],
  records: 2500,
  entries: [...CONNECTIONS, ...INNODB, ...LIFECYCLE, ...REPLICATION],
};

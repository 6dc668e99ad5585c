import {
  e,
  FormatSpec,
  Gen,
  once,
  Param,
  seq,
  t,
  TemplateSpec,
  twice,
} from '../model';
import * as ts from '../time';
import {
  bytes,
  cat,
  dec,
  hex,
  int,
  lognum,
  orderId,
  pick,
  podIp,
  port,
  uuid,
  wpick,
} from '../values';

// PostgreSQL 16 server log (the official image logs to stderr) with the default
// `log_line_prefix = '%m [%p] '`: `2024-03-07 09:00:00.123 UTC [1234] LOG:  message`.
//   https://www.postgresql.org/docs/current/runtime-config-logging.html (log_line_prefix,
//   log_connections, log_disconnections, log_min_duration_statement, log_checkpoints,
//   log_autovacuum_min_duration) ; severity names:
//   https://www.postgresql.org/docs/current/runtime-config-logging.html#RUNTIME-CONFIG-SEVERITY-LEVELS
// Messages from the server sources (postmaster, checkpointer, autovacuum, elog messages).
// Convention: severity and message are the event. Each physical entry is a record; DETAIL,
// HINT, CONTEXT and STATEMENT lines are records of their own (with their own templates), written
// right after their ERROR. A multi-line entry (autovacuum report, deadlock DETAIL) is one record.
// SQL text after `statement:`/`STATEMENT:` and all identifiers (table, constraint, user,
// database names) are parameters.

const pid = int(60, 9999);
const pg = (severity: string, msg: string, ...ps: Param[]): TemplateSpec =>
  t(
    `<*> [<*>] ${severity}:  ${msg}`,
    ts.pg,
    g => g.keep('pid', () => pid(g)),
    ...ps,
  );

const db = wpick(['orders', 5], ['catalog', 3], ['payments', 2]);
const user = wpick(['app', 6], ['reporting', 2], ['debezium', 1]);
const appName = wpick(
  ['PostgreSQL JDBC Driver', 5],
  ['psycopg2', 2],
  ['pgx', 2],
  ['', 1],
);
const relation = pick(
  'orders',
  'order_items',
  'stock',
  'payments',
  'customers',
);
const statement: Param = g =>
  g.r.weighted<string>([
    [
      `SELECT o.id, o.status, o.total FROM orders o WHERE o.customer_id = '${uuid(
        g,
      )}' ORDER BY o.created_at DESC LIMIT 20`,
      4,
    ],
    [
      `UPDATE stock SET reserved = reserved + ${g.r.int(
        1,
        5,
      )} WHERE sku = 'SKU-${hex(6)(g).toUpperCase()}'`,
      3,
    ],
    [
      `INSERT INTO order_items (order_id, sku, qty, price) VALUES (${orderId(
        g,
      )}, 'SKU-${hex(6)(g).toUpperCase()}', ${g.r.int(1, 5)}, ${dec(
        5,
        90,
        2,
      )(g)})`,
      3,
    ],
    [
      "select count(*) from payments where status = $1 and created_at > now() - interval '1 hour'",
      2,
    ],
    [`DELETE FROM carts WHERE updated_at < now() - interval '30 days'`, 1],
  ]);
const lsn: Param = g =>
  `${g.r.int(0, 3).toString(16).toUpperCase()}/${g.r.hex(8).toUpperCase()}`;
const sessionTime: Param = g =>
  `0:${String(g.r.int(0, 59)).padStart(2, '0')}:${String(
    g.r.int(0, 59),
  ).padStart(2, '0')}.${String(g.r.int(0, 999)).padStart(3, '0')}`;
const clientHost: Param = g => g.keep('host', () => podIp()(g));
const clientPort: Param = g => g.keep('port', () => port(g));

const CONNECTIONS = [
  e(
    700,
    pg('LOG', 'connection received: host=<*> port=<*>', clientHost, clientPort),
  ),
  e(
    560,
    pg(
      'LOG',
      'connection authorized: user=<*> database=<*> application_name=<*>',
      user,
      db,
      appName,
    ),
  ),
  e(
    120,
    pg(
      'LOG',
      'connection authorized: user=<*> database=<*> SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)',
      user,
      db,
    ),
  ),
  e(
    650,
    pg(
      'LOG',
      'disconnection: session time: <*> user=<*> database=<*> host=<*> port=<*>',
      sessionTime,
      user,
      db,
      clientHost,
      clientPort,
    ),
  ),
  e(
    25,
    pg('LOG', 'could not receive data from client: Connection reset by peer'),
  ),
  e(
    12,
    pg('LOG', 'unexpected EOF on client connection with an open transaction'),
  ),
  seq(
    10,
    pg('FATAL', 'password authentication failed for user "<*>"', user),
    pg(
      'DETAIL',
      'Connection matched file "/var/lib/postgresql/data/pg_hba.conf" line <*>: "host all all all scram-sha-256"',
      pick('128'),
    ),
  ),
  e(
    6,
    pg(
      'FATAL',
      'no pg_hba.conf entry for host "<*>", user "<*>", database "<*>", no encryption',
      clientHost,
      user,
      db,
    ),
  ),
  e(8, pg('FATAL', 'sorry, too many clients already')),
  e(
    4,
    pg(
      'FATAL',
      'remaining connection slots are reserved for roles with the SUPERUSER attribute',
    ),
  ),
  e(5, pg('FATAL', 'terminating connection due to administrator command')),
  e(3, pg('FATAL', 'the database system is starting up')),
  e(3, pg('FATAL', 'the database system is shutting down')),
  e(
    twice,
    pg(
      'FATAL',
      'database "<*>" does not exist',
      pick('order', 'postgres_exporter'),
    ),
  ),
];

const STATEMENTS = [
  e(
    220,
    pg(
      'LOG',
      'duration: <*> ms  statement: <*>',
      lognum(900, 0.6, 3),
      statement,
    ),
  ),
  e(
    90,
    pg(
      'LOG',
      'duration: <*> ms  execute <unnamed>: <*>',
      lognum(700, 0.6, 3),
      statement,
    ),
  ),
  e(
    30,
    pg(
      'LOG',
      'duration: <*> ms  parse <unnamed>: <*>',
      lognum(600, 0.5, 3),
      statement,
    ),
  ),
  seq(
    24,
    pg(
      'ERROR',
      'duplicate key value violates unique constraint "<*>"',
      pick('orders_idempotency_key_key', 'order_items_pkey'),
    ),
    pg(
      'DETAIL',
      'Key (<*>)=(<*>) already exists.',
      pick('idempotency_key'),
      uuid,
    ),
    pg('STATEMENT', '<*>', statement),
  ),
  seq(
    18,
    pg('ERROR', 'canceling statement due to statement timeout'),
    pg('STATEMENT', '<*>', statement),
  ),
  seq(
    6,
    pg('ERROR', 'canceling statement due to user request'),
    pg('STATEMENT', '<*>', statement),
  ),
  seq(
    5,
    pg('ERROR', 'canceling statement due to lock timeout'),
    pg('STATEMENT', '<*>', statement),
  ),
  seq(
    8,
    pg('ERROR', 'deadlock detected'),
    pg(
      'DETAIL',
      'Process <*> waits for ShareLock on transaction <*>; blocked by process <*>.\n\tProcess <*> waits for ShareLock on transaction <*>; blocked by process <*>.\n\tProcess <*>: <*>\n\tProcess <*>: <*>',
      pid,
      int(1e6, 9e6),
      pid,
      pid,
      int(1e6, 9e6),
      pid,
      pid,
      statement,
      pid,
      statement,
    ),
    pg('HINT', 'See server log for query details.'),
    pg(
      'CONTEXT',
      'while updating tuple (<*>) in relation "<*>"',
      cat(int(0, 900), ',', int(1, 90)),
      relation,
    ),
    pg('STATEMENT', '<*>', statement),
  ),
  seq(
    9,
    pg('ERROR', 'could not serialize access due to concurrent update'),
    pg('STATEMENT', '<*>', statement),
  ),
  seq(
    7,
    pg(
      'ERROR',
      'null value in column "<*>" of relation "<*>" violates not-null constraint',
      pick('customer_id', 'sku'),
      relation,
    ),
    pg(
      'DETAIL',
      'Failing row contains (<*>).',
      (g: Gen) => `${orderId(g)}, null, ${g.r.int(1, 5)}, ${dec(5, 90, 2)(g)}`,
    ),
    pg('STATEMENT', '<*>', statement),
  ),
  seq(
    4,
    pg(
      'ERROR',
      'relation "<*>" does not exist at character <*>',
      pick('order_archive', 'tmp_report'),
      int(15, 40),
    ),
    pg('STATEMENT', '<*>', statement),
  ),
  seq(
    3,
    pg(
      'ERROR',
      'column "<*>" does not exist at character <*>',
      pick('shipped_at', 'discount_code'),
      int(15, 60),
    ),
    pg('STATEMENT', '<*>', statement),
  ),
  e(12, pg('WARNING', 'there is no transaction in progress')),
  seq(
    10,
    pg(
      'LOG',
      'temporary file: path "base/pgsql_tmp/pgsql_tmp<*>", size <*>',
      cat(pid, '.', int(0, 40)),
      bytes(2e7, 1),
    ),
    pg('STATEMENT', '<*>', statement),
  ),
];

const CHECKPOINTS = [
  e(40, pg('LOG', 'checkpoint starting: time')),
  e(6, pg('LOG', 'checkpoint starting: wal')),
  e(twice, pg('LOG', 'checkpoint starting: shutdown immediate')),
  e(
    46,
    pg(
      'LOG',
      'checkpoint complete: wrote <*> buffers (<*>%); 0 WAL file(s) added, <*> removed, <*> recycled; write=<*> s, sync=<*> s, total=<*> s; sync files=<*>, longest=<*> s, average=<*> s; distance=<*> kB, estimate=<*> kB; lsn=<*>, redo lsn=<*>',
      int(50, 9000),
      dec(0.1, 12, 1),
      int(0, 3),
      int(0, 4),
      dec(5, 270, 3),
      dec(0.001, 0.2, 3),
      dec(5, 270, 3),
      int(5, 90),
      dec(0.001, 0.05, 3),
      dec(0.001, 0.01, 3),
      int(1000, 90000),
      int(1000, 90000),
      lsn,
      lsn,
    ),
  ),
  e(
    60,
    pg(
      'LOG',
      'automatic vacuum of table "<*>": index scans: <*>\n\tpages: 0 removed, <*> remain, <*> scanned (<*>% of total)\n\ttuples: <*> removed, <*> remain, 0 are dead but not yet removable\n\tremovable cutoff: <*>, which was <*> XIDs old when operation ended\n\tindex scan needed: <*> pages from table (<*>% of total) had <*> dead item identifiers removed\n\tavg read rate: <*> MB/s, avg write rate: <*> MB/s\n\tbuffer usage: <*> hits, <*> misses, <*> dirtied\n\tWAL usage: <*> records, <*> full page images, <*> bytes\n\tsystem usage: CPU: user: <*> s, system: <*> s, elapsed: <*> s',
      g => `${db(g)}.public.${relation(g)}`,
      int(0, 1),
      int(100, 90000),
      int(10, 9000),
      dec(0.1, 60, 2),
      int(0, 9000),
      int(1000, 900000),
      int(1e6, 9e6),
      int(0, 40),
      int(1, 900),
      dec(0.1, 20, 2),
      int(1, 9000),
      dec(0, 90, 3),
      dec(0, 40, 3),
      int(10, 90000),
      int(0, 900),
      int(0, 900),
      int(10, 90000),
      int(0, 900),
      bytes(2e5, 1),
      dec(0, 0.5, 2),
      dec(0, 0.2, 2),
      dec(0, 3, 2),
    ),
  ),
  e(
    30,
    pg(
      'LOG',
      'automatic analyze of table "<*>"\n\tavg read rate: <*> MB/s, avg write rate: <*> MB/s\n\tbuffer usage: <*> hits, <*> misses, <*> dirtied\n\tsystem usage: CPU: user: <*> s, system: <*> s, elapsed: <*> s',
      g => `${db(g)}.public.${relation(g)}`,
      dec(0, 90, 3),
      dec(0, 40, 3),
      int(10, 90000),
      int(0, 900),
      int(0, 900),
      dec(0, 0.5, 2),
      dec(0, 0.2, 2),
      dec(0, 3, 2),
    ),
  ),
];

const LIFECYCLE = [
  e(
    3,
    pg(
      'LOG',
      'starting PostgreSQL 16.2 (Debian 16.2-1.pgdg120+2) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit',
    ),
  ),
  e(3, pg('LOG', 'listening on IPv4 address "0.0.0.0", port 5432')),
  e(3, pg('LOG', 'listening on IPv6 address "::", port 5432')),
  e(
    3,
    pg('LOG', 'listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"'),
  ),
  e(3, pg('LOG', 'database system was shut down at <*>', ts.pg)),
  e(
    once,
    pg('LOG', 'database system was interrupted; last known up at <*>', ts.pg),
  ),
  e(
    once,
    pg(
      'LOG',
      'database system was not properly shut down; automatic recovery in progress',
    ),
  ),
  e(once, pg('LOG', 'redo starts at <*>', lsn)),
  e(
    once,
    pg(
      'LOG',
      'redo done at <*> system usage: CPU: user: <*> s, system: <*> s, elapsed: <*> s',
      lsn,
      dec(0, 2, 2),
      dec(0, 1, 2),
      dec(0, 5, 2),
    ),
  ),
  e(3, pg('LOG', 'database system is ready to accept connections')),
  e(3, pg('LOG', 'received fast shutdown request')),
  e(twice, pg('LOG', 'received smart shutdown request')),
  e(3, pg('LOG', 'aborting any active transactions')),
  e(
    3,
    pg(
      'LOG',
      'background worker "logical replication launcher" (PID <*>) exited with exit code 1',
      pid,
    ),
  ),
  e(3, pg('LOG', 'shutting down')),
  e(3, pg('LOG', 'database system is shut down')),
  e(
    twice,
    pg(
      'LOG',
      'server process (PID <*>) was terminated by signal 9: Killed',
      pid,
    ),
  ),
  e(twice, pg('LOG', 'terminating any other active server processes')),
];

export const postgres: FormatSpec = {
  name: 'postgres',
  title: 'PostgreSQL 16 server log (default log_line_prefix)',
  sources: [
    'https://www.postgresql.org/docs/current/runtime-config-logging.html',
    'https://www.postgresql.org/docs/current/routine-vacuuming.html',
  ],
  records: 3500,
  entries: [...CONNECTIONS, ...STATEMENTS, ...CHECKPOINTS, ...LIFECYCLE],
};

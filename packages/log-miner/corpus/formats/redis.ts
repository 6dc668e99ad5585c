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
import { bytes, dec, hex, int, keep, pick, podIp, wpick } from '../values';

// Redis 7 server and Sentinel log: `pid:role dd Mon yyyy hh:mm:ss.mmm level message`, role
// M (master), S (replica), C (RDB/AOF child), X (sentinel); level `.` debug, `-` verbose,
// `*` notice, `#` warning.
//   https://github.com/redis/redis/blob/unstable/src/server.c (serverLogRaw)
//   https://redis.io/docs/latest/operate/oss_and_stack/management/persistence/ ,
//   https://redis.io/docs/latest/operate/oss_and_stack/management/replication/ ,
//   https://redis.io/docs/latest/operate/oss_and_stack/management/sentinel/
// Convention: role letter, level mark and message are the event; pid, time, addresses, sizes,
// counts and run ids are parameters.

/** The RDB/AOF child's pid: the same in the parent's and the child's lines of one save. */
const childPid = keep('child', int(20, 9000));

const redisLine = (
  role: 'M' | 'S' | 'C' | 'X',
  level: string,
  msg: string,
  ...ps: Param[]
): TemplateSpec =>
  t(
    `<*>:${role} <*> ${level} ${msg}`,
    role === 'C' ? childPid : pick('1'),
    ts.redis,
    ...ps,
  );

const M = (level: string, msg: string, ...ps: Param[]) =>
  redisLine('M', level, msg, ...ps);
const S = (level: string, msg: string, ...ps: Param[]) =>
  redisLine('S', level, msg, ...ps);
const C = (level: string, msg: string, ...ps: Param[]) =>
  redisLine('C', level, msg, ...ps);
const X = (level: string, msg: string, ...ps: Param[]) =>
  redisLine('X', level, msg, ...ps);

const replica: Param = g =>
  `${podIp('redis-master')(g).replace(/\.\d+$/, '')}.${g.r.int(2, 254)}:6379`;
const runId = hex(40);
const master = pick(
  'redis-master-0.redis-headless.data.svc.cluster.local:6379',
);
const sentinelAddr: Param = g =>
  `10.244.${g.r.int(0, 5)}.${g.r.int(2, 254)} 6379`;

const PERSISTENCE = [
  seq(
    170,
    M(
      '*',
      '<*> changes in <*> seconds. Saving...',
      wpick(['100', 6], ['10000', 2], ['1', 1]),
      wpick(['300', 6], ['60', 2], ['3600', 1]),
    ),
    M('*', 'Background saving started by pid <*>', childPid),
    C('*', 'DB saved on disk'),
    C(
      '*',
      'Fork CoW for RDB: current <*> MB, peak <*> MB, average <*> MB',
      int(0, 8),
      int(0, 12),
      int(0, 6),
    ),
    M('*', 'Background saving terminated with success'),
  ),
  e(5, M('#', 'Background saving error')),
  e(3, C('#', 'Write error saving DB on disk: No space left on device')),
  seq(
    3,
    M(
      '*',
      'Background append only file rewriting started by pid <*>',
      childPid,
    ),
    C(
      '*',
      'Successfully created the temporary AOF base file temp-rewriteaof-bg-<*>.aof',
      childPid,
    ),
    C(
      '*',
      'Fork CoW for AOF rewrite: current <*> MB, peak <*> MB, average <*> MB',
      int(0, 8),
      int(0, 12),
      int(0, 6),
    ),
    M('*', 'Background AOF rewrite terminated with success'),
    M(
      '*',
      'Successfully renamed the temporary AOF base file temp-rewriteaof-bg-<*>.aof into appendonly.aof.<*>.base.rdb',
      childPid,
      int(2, 40),
    ),
    M('*', 'Background AOF rewrite finished successfully'),
  ),
  e(
    9,
    M(
      '*',
      'Asynchronous AOF fsync is taking too long (disk is busy?). Writing the AOF buffer without waiting for fsync to complete, this may slow down Redis.',
    ),
  ),
];

const REPLICATION_MASTER = [
  e(16, M('*', 'Replica <*> asks for synchronization', replica)),
  e(
    9,
    M(
      '*',
      'Partial resynchronization request from <*> accepted. Sending <*> bytes of backlog starting from offset <*>.',
      replica,
      bytes(4000, 1.5),
      int(1e6, 9e8),
    ),
  ),
  e(6, M('*', 'Full resync requested by replica <*>', replica)),
  e(6, M('*', 'Starting BGSAVE for SYNC with target: disk')),
  e(6, M('*', 'Synchronization with replica <*> succeeded', replica)),
  e(14, M('#', 'Connection with replica <*> lost.', replica)),
  e(
    twice,
    M(
      '#',
      'Client id=<*> addr=<*> laddr=<*>:6379 fd=<*> name= age=<*> idle=0 flags=S db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=<*> omem=<*> tot-mem=<*> events=r cmd=psync user=default redir=-1 resp=2 lib-name= lib-ver= scheduled to be closed ASAP for overcoming of output buffer limits.',
      int(10, 9000),
      replica,
      podIp('redis-master'),
      int(8, 40),
      int(10, 9000),
      int(100, 9000),
      bytes(3e8, 0.3),
      bytes(3e8, 0.3),
    ),
  ),
];

const REPLICATION_REPLICA = [
  e(14, S('*', 'Connecting to MASTER <*>', master)),
  e(14, S('*', 'MASTER <-> REPLICA sync started')),
  e(12, S('*', 'Non blocking connect for SYNC fired the event.')),
  e(12, S('*', 'Master replied to PING, replication can continue...')),
  e(
    12,
    S(
      '*',
      'Trying a partial resynchronization (request <*>:<*>).',
      runId,
      int(1e6, 9e8),
    ),
  ),
  e(8, S('*', 'Successful partial resynchronization with master.')),
  e(4, S('*', 'Full resync from master: <*>:<*>', runId, int(1e6, 9e8))),
  e(
    4,
    S(
      '*',
      'MASTER <-> REPLICA sync: receiving <*> bytes from master to disk',
      bytes(2e7, 1),
    ),
  ),
  e(4, S('*', 'MASTER <-> REPLICA sync: Flushing old data')),
  e(4, S('*', 'MASTER <-> REPLICA sync: Loading DB in memory')),
  e(4, S('*', 'MASTER <-> REPLICA sync: Finished with success')),
  e(18, S('#', 'Error condition on socket for SYNC: Connection refused')),
  e(9, S('#', 'Error condition on socket for SYNC: Connection reset by peer')),
  e(5, S('#', 'Timeout connecting to the MASTER...')),
  e(10, S('#', 'Connection with master lost.')),
  e(10, S('*', 'Caching the disconnected master state.')),
  e(6, S('*', 'Discarding previously cached master state.')),
];

const STARTUP = [
  e(4, M('#', 'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo')),
  e(
    4,
    M(
      '#',
      'Redis version=7.2.4, bits=64, commit=00000000, modified=0, pid=1, just started',
    ),
  ),
  e(4, M('#', 'Configuration loaded')),
  e(4, M('*', 'monotonic clock: POSIX clock_gettime')),
  e(4, M('*', 'Running mode=standalone, port=6379.')),
  e(
    4,
    M(
      '#',
      "WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition. Being disabled, it can also cause failures without low memory condition, see https://github.com/jemalloc/jemalloc/issues/1328. To fix this issue add 'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run the command 'sysctl vm.overcommit_memory=1' for this to take effect.",
    ),
  ),
  e(4, M('*', 'Server initialized')),
  e(4, M('*', 'Loading RDB produced by version 7.2.4')),
  e(4, M('*', 'RDB age <*> seconds', int(2, 900))),
  e(4, M('*', 'RDB memory usage when created <*> Mb', dec(1, 900, 2))),
  e(
    4,
    M(
      '*',
      'Done loading RDB, keys loaded: <*>, keys expired: <*>.',
      int(1000, 900000),
      int(0, 900),
    ),
  ),
  e(4, M('*', 'DB loaded from disk: <*> seconds', dec(0.001, 4, 3))),
  e(4, M('*', 'Ready to accept connections tcp')),
  e(3, M('#', 'Received SIGTERM scheduling shutdown...')),
  e(3, M('#', 'User requested shutdown...')),
  e(3, M('*', 'Saving the final RDB snapshot before exiting.')),
  e(3, M('#', 'Redis is now ready to exit, bye bye...')),
  e(
    once,
    M(
      '#',
      'Failed opening the temp RDB file temp-<*>.rdb (in server root dir /data) for saving: Read-only file system',
      int(1, 9000),
    ),
  ),
];

const SENTINEL = [
  e(5, X('#', '+sdown master mymaster <*>', sentinelAddr)),
  e(4, X('#', '-sdown master mymaster <*>', sentinelAddr)),
  e(
    3,
    X('#', '+odown master mymaster <*> #quorum <*>/2', sentinelAddr, pick('2')),
  ),
  e(3, X('#', '-odown master mymaster <*>', sentinelAddr)),
  e(3, X('#', '+new-epoch <*>', int(2, 40))),
  e(3, X('#', '+try-failover master mymaster <*>', sentinelAddr)),
  e(3, X('#', '+switch-master mymaster <*> <*>', sentinelAddr, sentinelAddr)),
  e(
    5,
    X(
      '*',
      '+slave slave <*>:6379 <*> @ mymaster <*>',
      g => podIp()(g),
      sentinelAddr,
      sentinelAddr,
    ),
  ),
  e(
    4,
    X(
      '#',
      '+sdown slave <*>:6379 <*> @ mymaster <*>',
      g => podIp()(g),
      sentinelAddr,
      sentinelAddr,
    ),
  ),
  e(
    twice,
    X(
      '#',
      '+sdown sentinel <*> <*> 26379 @ mymaster <*>',
      hex(40),
      g => podIp()(g),
      sentinelAddr,
    ),
  ),
  e(
    6,
    X(
      '*',
      '+sentinel sentinel <*> <*> 26379 @ mymaster <*>',
      hex(40),
      g => podIp()(g),
      sentinelAddr,
    ),
  ),
  e(
    once,
    X('#', '-failover-abort-no-good-slave master mymaster <*>', sentinelAddr),
  ),
];

export const redis: FormatSpec = {
  name: 'redis',
  title: 'Redis 7 server, replica and Sentinel log',
  sources: [
    'https://github.com/redis/redis/blob/unstable/src/server.c',
    'https://redis.io/docs/latest/operate/oss_and_stack/management/persistence/',
    'https://redis.io/docs/latest/operate/oss_and_stack/management/replication/',
    'https://redis.io/docs/latest/operate/oss_and_stack/management/sentinel/',
  ],
  records: 3000,
  entries: [
    ...PERSISTENCE,
    ...REPLICATION_MASTER,
    ...REPLICATION_REPLICA,
    ...STARTUP,
    ...SENTINEL,
  ],
};

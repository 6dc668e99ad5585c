import {
  e,
  Entry,
  Freq,
  FormatSpec,
  once,
  Param,
  seq,
  t,
  twice,
} from '../model';
import {
  anyPodIpPort,
  bytes,
  dec,
  hex,
  int,
  pick,
  podIp,
  port,
  wpick,
} from '../values';
import { workload } from '../world';

// CoreDNS (kube-system/coredns): query log of the `log` plugin in its default Common Log Format
//   {remote}:{port} - {>id} "{type} {class} {name} {proto} {size} {>do} {>bufsize}" {rcode} {>rflags} {rsize} {duration}
//   https://coredns.io/plugins/log/ , errors plugin https://coredns.io/plugins/errors/ ,
//   startup/reload lines https://coredns.io/plugins/reload/ , kubernetes plugin https://coredns.io/plugins/kubernetes/
// Convention: query type, response code and response flags are the event (an NXDOMAIN is not the
// same event as a NOERROR); client, query id, name, protocol, sizes, DO bit, buffer size and
// duration are parameters.

const clusterName: Param = g => {
  const w = g.r.pick([
    'checkout',
    'cart',
    'payments',
    'postgres',
    'redis-master',
    'kafka',
    'catalog',
    'orders',
  ]);
  return `${w}.${workload(w).namespace}.svc.cluster.local.`;
};
/** ndots:5 search-path expansions that end in NXDOMAIN. */
const searchName: Param = g =>
  `${clusterName(g).slice(0, -1)}.${g.r.pick([
    'shop',
    'data',
    'payments',
  ])}.svc.cluster.local.`;
const externalName = pick(
  'api.psp.example.com.',
  'api.carrier.example.com.',
  'sts.eu-west-1.amazonaws.com.',
  'registry.example.com.',
  's3.eu-west-1.amazonaws.com.',
);
const srvName = pick(
  '_grpc._tcp.inventory.shop.svc.cluster.local.',
  '_http._tcp.kafka.data.svc.cluster.local.',
);

/** One query-log row: type, name generator, rcode, flags and frequency. */
const query = (
  type: string,
  name: Param,
  rcode: string,
  flags: string,
  freq: Freq,
): Entry =>
  e(
    freq,
    t(
      `[INFO] <*>:<*> - <*> "${type} IN <*> <*> <*> <*> <*>" ${rcode} ${flags} <*> <*>`,
      podIp(),
      port,
      int(1, 65535),
      name,
      wpick(['udp', 9], ['tcp', 1]),
      int(40, 110),
      wpick(['false', 9], ['true', 1]),
      wpick(['512', 3], ['1232', 6], ['65535', 1]),
      bytes(140, 0.5),
      g => `${dec(0.00003, 0.004, 9)(g).replace(/0+$/, '')}s`,
    ),
  );

const QUERIES = [
  query('A', clusterName, 'NOERROR', 'qr,aa,rd', 900),
  query('AAAA', clusterName, 'NOERROR', 'qr,aa,rd', 700),
  query('A', searchName, 'NXDOMAIN', 'qr,aa,rd', 520),
  query('AAAA', searchName, 'NXDOMAIN', 'qr,aa,rd', 480),
  query('A', externalName, 'NOERROR', 'qr,rd,ra', 240),
  query('AAAA', externalName, 'NOERROR', 'qr,rd,ra', 200),
  query('A', externalName, 'SERVFAIL', 'qr,rd', 14),
  query('AAAA', externalName, 'SERVFAIL', 'qr,rd', 10),
  query('SRV', srvName, 'NOERROR', 'qr,aa,rd', 40),
  query(
    'PTR',
    g => `${g.r.int(2, 254)}.${g.r.int(0, 5)}.244.10.in-addr.arpa.`,
    'NOERROR',
    'qr,aa,rd',
    30,
  ),
  query(
    'PTR',
    g => `${g.r.int(2, 254)}.${g.r.int(0, 255)}.96.10.in-addr.arpa.`,
    'NXDOMAIN',
    'qr,aa,rd',
    12,
  ),
  query(
    'A',
    pick('wpad.shop.svc.cluster.local.', 'metadata.google.internal.'),
    'NXDOMAIN',
    'qr,rd,ra',
    twice,
  ),
  query(
    'HINFO',
    g => `${g.r.int(1e18, 9e18)}.${g.r.int(1e18, 9e18)}.`,
    'NXDOMAIN',
    'qr,rd,ra',
    3,
  ),
];

const RUNNING_CONFIG = t(
  '[INFO] plugin/reload: Running configuration SHA512 = <*>',
  hex(128),
);
const upstream = pick('169.254.169.253:53', '10.0.0.2:53');
const OTHER = [
  e(
    16,
    t(
      '[ERROR] plugin/errors: 2 <*> A: read udp <*>-><*>: i/o timeout',
      externalName,
      anyPodIpPort,
      upstream,
    ),
  ),
  e(
    12,
    t(
      '[ERROR] plugin/errors: 2 <*> AAAA: read udp <*>-><*>: i/o timeout',
      externalName,
      anyPodIpPort,
      upstream,
    ),
  ),
  e(
    4,
    t(
      '[ERROR] plugin/errors: 2 <*> A: dial udp <*>: connect: network is unreachable',
      externalName,
      upstream,
    ),
  ),
  e(3, t('.:53')),
  e(3, RUNNING_CONFIG),
  e(3, t('CoreDNS-1.11.1')),
  e(3, t('linux/amd64, go1.20.7, ae2bbc2')),
  seq(4, t('[INFO] Reloading'), RUNNING_CONFIG, t('[INFO] Reloading complete')),
  e(3, t('[INFO] plugin/ready: Still waiting on: "kubernetes"')),
  e(
    3,
    t(
      '[WARNING] plugin/kubernetes: starting server with unsynced Kubernetes API',
    ),
  ),
  e(3, t('[INFO] SIGTERM: Shutting down servers then terminating')),
  e(3, t('[INFO] plugin/health: Going into lameduck mode for 5s')),
  e(
    3,
    t(
      '[ERROR] plugin/kubernetes: pkg/mod/k8s.io/client-go@v0.27.4/tools/cache/reflector.go:231: Failed to watch *v1.EndpointSlice: failed to list *v1.EndpointSlice: Get "https://10.96.0.1:443/apis/discovery.k8s.io/v1/endpointslices?limit=500&resourceVersion=0": dial tcp 10.96.0.1:443: i/o timeout',
    ),
  ),
  e(
    3,
    t(
      '[ERROR] plugin/kubernetes: pkg/mod/k8s.io/client-go@v0.27.4/tools/cache/reflector.go:231: Failed to watch *v1.Service: failed to list *v1.Service: Get "https://10.96.0.1:443/api/v1/services?limit=500&resourceVersion=0": dial tcp 10.96.0.1:443: i/o timeout',
    ),
  ),
  e(
    twice,
    t(
      '[ERROR] plugin/kubernetes: pkg/mod/k8s.io/client-go@v0.27.4/tools/cache/reflector.go:231: Failed to watch *v1.Namespace: failed to list *v1.Namespace: Get "https://10.96.0.1:443/api/v1/namespaces?limit=500&resourceVersion=0": dial tcp 10.96.0.1:443: i/o timeout',
    ),
  ),
  e(
    once,
    t(
      '[FATAL] plugin/loop: Loop (127.0.0.1:<*> -> :53) detected for zone ".", see https://coredns.io/plugins/loop#troubleshooting. Query: "HINFO <*>.<*>."',
      int(30000, 60000),
      int(1e18, 9e18),
      int(1e18, 9e18),
    ),
  ),
];

export const coredns: FormatSpec = {
  name: 'coredns',
  title: 'CoreDNS (query log, errors, startup/reload)',
  sources: [
    'https://coredns.io/plugins/log/',
    'https://coredns.io/plugins/errors/',
    'https://coredns.io/plugins/reload/',
    'https://coredns.io/plugins/kubernetes/',
  ],
  records: 3500,
  entries: [...QUERIES, ...OTHER],
};

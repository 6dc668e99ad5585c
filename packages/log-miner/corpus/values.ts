import type { Gen, Param } from './model';
import { deployment, K8S_ALPHABET, Pod, uuid as uuidOf } from './world';

// Parameter generators: each returns a Param, called once per `<*>` of a record.

export const int =
  (lo: number, hi: number): Param =>
  g =>
    String(g.r.int(lo, hi));

export const pick =
  (...xs: string[]): Param =>
  g =>
    g.r.pick(xs);

export const wpick =
  (...xs: [string, number][]): Param =>
  g =>
    g.r.weighted(xs);

/** A uniform decimal in [lo, hi] with `digits` decimals. */
export const dec =
  (lo: number, hi: number, digits: number): Param =>
  g =>
    (lo + g.r.next() * (hi - lo)).toFixed(digits);

/** The same value for every record of one table row (a start sequence shares its container id). */
export const keep =
  (key: string, p: Param): Param =>
  g =>
    g.keep(key, () => p(g));

/** Concatenates parameters into one value (one `<*>`). */
export const cat =
  (...ps: (Param | string)[]): Param =>
  g =>
    ps.map(p => (typeof p === 'string' ? p : p(g))).join('');

export const hex =
  (n: number): Param =>
  g =>
    g.r.hex(n);
export const uuid: Param = g => uuidOf(g.r);
export const traceId = hex(32);
export const containerId = hex(64);
export const sha256 = hex(64);
export const goPc: Param = g => `0x${g.r.int(0x400000, 0xbfffff).toString(16)}`;

// ---- Kubernetes objects -------------------------------------------------------------------

function podOf(g: Gen, dep?: string): Pod {
  return dep ? g.r.pick(deployment(g.w, dep).pods) : g.r.pick(g.w.pods);
}

export const podName =
  (dep?: string): Param =>
  g =>
    podOf(g, dep).name;
/** `namespace/pod`, as kubelet and klog structured logging write a pod reference. */
export const podRef =
  (dep?: string): Param =>
  g => {
    const p = podOf(g, dep);
    return `${p.namespace}/${p.name}`;
  };
export const podIp =
  (dep?: string): Param =>
  g =>
    podOf(g, dep).ip;
export const podIpPort =
  (dep?: string): Param =>
  g => {
    const p = podOf(g, dep);
    return `${p.ip}:${deployment(g.w, p.deployment).port}`;
  };
export const deploymentName: Param = g =>
  g.r.pick(g.w.deployments.filter(x => x.replicaSets.length)).name;
export const nodeName: Param = g => g.r.pick(g.w.nodes).name;
export const nodeIp: Param = g => g.r.pick(g.w.nodes).ip;
export const clusterIp =
  (dep: string): Param =>
  g =>
    deployment(g.w, dep).clusterIp;
/** A generated pod-name-like suffix, e.g. for a Job's pod. */
export const k8sSuffix =
  (n: number): Param =>
  g =>
    g.r.chars(n, K8S_ALPHABET);

// ---- network ------------------------------------------------------------------------------

export const clientIp: Param = g => g.w.clients[g.r.skewed(g.w.clients.length)];
export const port: Param = g => String(g.r.int(32768, 60999));
export const clientIpPort: Param = g => `${clientIp(g)}:${port(g)}`;
export const anyPodIpPort: Param = g => `${g.r.pick(g.w.pods).ip}:${port(g)}`;

const USER_AGENTS: [string, number][] = [
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36',
    30,
  ],
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1',
    18,
  ],
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15',
    12,
  ],
  ['Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0', 6],
  [
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.105 Mobile Safari/537.36',
    10,
  ],
  ['okhttp/4.12.0', 6],
  ['curl/8.5.0', 3],
  ['python-requests/2.31.0', 3],
  ['Go-http-client/1.1', 3],
  ['Googlebot/2.1 (+http://www.google.com/bot.html)', 1],
];
export const userAgent: Param = g => g.r.weighted(USER_AGENTS);
export const referer: Param = g =>
  g.r.weighted<string>([
    ['-', 6],
    ['https://shop.example.com/', 3],
    ['https://shop.example.com/cart', 1],
    ['https://www.google.com/', 1],
  ]);

// ---- business ids -------------------------------------------------------------------------

export const orderId = int(100000, 999999);
export const productId = int(1000, 48999);
export const userId = int(10000, 899999);
export const customerId: Param = g =>
  `cus_${g.r.chars(
    14,
    'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789',
  )}`;
export const sku: Param = g => `SKU-${g.r.hex(6).toUpperCase()}`;
export const email: Param = g =>
  `${g.r.pick([
    'anna',
    'ben',
    'chen',
    'dara',
    'eli',
    'femi',
    'gita',
    'hugo',
  ])}.${g.r.int(1, 999)}@example.com`;

// ---- quantities ---------------------------------------------------------------------------

/** Go's `time.Duration.String()`: `850ns`, `12.5µs`, `3.204ms`, `1.5s`, `2m3.1s`. */
export function goDuration(ns: number): string {
  const trim = (x: number, digits: number) =>
    x.toFixed(digits).replace(/\.?0+$/, '');
  const n = Math.max(1, Math.round(ns));
  if (n < 1e3) return `${n}ns`;
  if (n < 1e6) return `${trim(n / 1e3, 3)}µs`;
  if (n < 1e9) return `${trim(n / 1e6, 6)}ms`;
  if (n < 60e9) return `${trim(n / 1e9, 9)}s`;
  const m = Math.floor(n / 60e9);
  return `${m}m${trim((n - m * 60e9) / 1e9, 9)}s`;
}

/** A Go duration, log-normal around `medianMs`. */
export const goDur =
  (medianMs: number, sigma = 1): Param =>
  g =>
    goDuration(g.r.logNormal(medianMs, sigma) * 1e6);
/** Seconds with `digits` decimals, log-normal around `medianMs` (nginx `$request_time`). */
export const secs =
  (medianMs: number, sigma = 1, digits = 3): Param =>
  g =>
    (g.r.logNormal(medianMs, sigma) / 1000).toFixed(digits);
/** Whole milliseconds, log-normal around `medianMs`. */
export const millis =
  (medianMs: number, sigma = 1): Param =>
  g =>
    String(Math.max(0, Math.round(g.r.logNormal(medianMs, sigma))));
/** A float with `digits` decimals, log-normal around `median`. */
export const lognum =
  (median: number, sigma: number, digits: number): Param =>
  g =>
    g.r.logNormal(median, sigma).toFixed(digits);
export const bytes =
  (median: number, sigma = 1): Param =>
  g =>
    String(Math.max(0, Math.round(g.r.logNormal(median, sigma))));

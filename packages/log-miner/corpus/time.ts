import type { Gen, Param } from './model';

// Timestamp parameters in the layouts the formats document. All times are UTC.

const MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const p2 = (n: number) => String(n).padStart(2, '0');

interface Parts {
  y: number;
  mo: number;
  d: number;
  h: string;
  mi: string;
  s: string;
  wd: string;
  mon: string;
  /** Microseconds within the second, six digits. */
  us6: string;
}

function parts(g: Gen): Parts {
  const date = new Date(Math.floor(g.us / 1000));
  return {
    y: date.getUTCFullYear(),
    mo: date.getUTCMonth() + 1,
    d: date.getUTCDate(),
    h: p2(date.getUTCHours()),
    mi: p2(date.getUTCMinutes()),
    s: p2(date.getUTCSeconds()),
    wd: DAYS[date.getUTCDay()],
    mon: MONTHS[date.getUTCMonth()],
    us6: String(g.us % 1e6).padStart(6, '0'),
  };
}

const hms = (x: Parts) => `${x.h}:${x.mi}:${x.s}`;
const ymd = (x: Parts, sep = '-') => `${x.y}${sep}${p2(x.mo)}${sep}${p2(x.d)}`;

/** `2024-03-07T09:00:00.123Z` (Envoy, Spring Boot, slog, pino/bunyan `time`). */
export const iso3: Param = g => {
  const x = parts(g);
  return `${ymd(x)}T${hms(x)}.${x.us6.slice(0, 3)}Z`;
};
/** `2024-03-07T09:00:00.123456Z` (MySQL, istio-proxy). */
export const iso6: Param = g => {
  const x = parts(g);
  return `${ymd(x)}T${hms(x)}.${x.us6}Z`;
};
/** `2024-03-07T09:00:00.123456789Z` (containerd, Grafana). */
export const iso9: Param = g => {
  const x = parts(g);
  return `${ymd(x)}T${hms(x)}.${x.us6}${String(g.r.int(0, 999)).padStart(
    3,
    '0',
  )}Z`;
};
/** `2024-03-07T09:00:00Z` (logrus JSON, controller-runtime). */
export const iso0: Param = g => {
  const x = parts(g);
  return `${ymd(x)}T${hms(x)}Z`;
};
/** Common Log Format `07/Mar/2024:09:00:00 +0000`. */
export const clf: Param = g => {
  const x = parts(g);
  return `${p2(x.d)}/${x.mon}/${x.y}:${hms(x)} +0000`;
};
/** klog header `0307 09:00:00.123456`. */
export const klog: Param = g => {
  const x = parts(g);
  return `${p2(x.mo)}${p2(x.d)} ${hms(x)}.${x.us6}`;
};
/** Go `log.LstdFlags` and nginx error log: `2024/03/07 09:00:00`. */
export const goLog: Param = g => {
  const x = parts(g);
  return `${ymd(x, '/')} ${hms(x)}`;
};
/** Gin: `2024/03/07 - 09:00:00`. */
export const gin: Param = g => {
  const x = parts(g);
  return `${ymd(x, '/')} - ${hms(x)}`;
};
/** Apache 2.4 error log: `Thu Mar 07 09:00:00.123456 2024`. */
export const apacheErr: Param = g => {
  const x = parts(g);
  return `${x.wd} ${x.mon} ${p2(x.d)} ${hms(x)}.${x.us6} ${x.y}`;
};
/** journalctl `short`: `Mar 07 09:00:00`. */
export const journal: Param = g => {
  const x = parts(g);
  return `${x.mon} ${p2(x.d)} ${hms(x)}`;
};
/** Redis: `07 Mar 2024 09:00:00.123`. */
export const redis: Param = g => {
  const x = parts(g);
  return `${p2(x.d)} ${x.mon} ${x.y} ${hms(x)}.${x.us6.slice(0, 3)}`;
};
/** PostgreSQL `%m`: `2024-03-07 09:00:00.123 UTC`. */
export const pg: Param = g => {
  const x = parts(g);
  return `${ymd(x)} ${hms(x)}.${x.us6.slice(0, 3)} UTC`;
};
/** log4j/logback `%d` and Python `asctime`: `2024-03-07 09:00:00,123`. */
export const comma3: Param = g => {
  const x = parts(g);
  return `${ymd(x)} ${hms(x)},${x.us6.slice(0, 3)}`;
};
/** gunicorn error log: `2024-03-07 09:00:00 +0000`. */
export const gunicorn: Param = g => {
  const x = parts(g);
  return `${ymd(x)} ${hms(x)} +0000`;
};
/** zap production `ts`: epoch seconds as a float, e.g. `1709802000.1234567`. */
export const epochFloat: Param = g =>
  `${Math.floor(g.us / 1e6)}.${String(g.us % 1e6).padStart(6, '0')}${g.r.int(
    0,
    9,
  )}`.replace(/\.?0+$/, '');
/** pino `time`: epoch milliseconds. */
export const epochMs: Param = g => String(Math.floor(g.us / 1000));
/** klog trace `07-Mar-2024 09:00:00.123`. */
export const traceTime: Param = g => {
  const x = parts(g);
  return `${p2(x.d)}-${x.mon}-${x.y} ${hms(x)}.${x.us6.slice(0, 3)}`;
};
/** A Unix epoch in milliseconds some hours before the event (Kafka record timestamps). */
export const epochMsAgo: Param = g =>
  String(Math.floor(g.us / 1000) - g.r.int(3600_000, 8 * 86400_000));

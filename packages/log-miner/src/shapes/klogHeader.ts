/**
 * klog's header, `I0307 09:00:14.562542   1 schedule_one.go:286] ` (severity, date, time, thread
 * id, call site), possibly after a journal or container-runtime prefix. The severity and the call
 * site name the event; the date, time and thread id are values.
 */
const KLOG_HEADER =
  /(?:^|\s)([IWEF])\d{4} \d\d:\d\d:\d\d\.\d{6}\s+\d+ ([\w.-]+:\d+)\] /;

export interface KlogLine {
  /** `I schedule_one.go:286]` */
  key: string;
  /** What precedes the header (a journal prefix), and the message after it. */
  prefix: string;
  rest: string;
}

export function klogHeader(line: string): KlogLine | undefined {
  const m = KLOG_HEADER.exec(line);
  if (!m) return undefined;
  return {
    key: `${m[1]} ${m[2]}]`,
    prefix: line.slice(0, m.index),
    rest: line.slice(m.index + m[0].length),
  };
}

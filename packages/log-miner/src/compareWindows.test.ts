import { compareWindows, type LogLine } from './compareWindows';

const at = (min: number) =>
  new Date(Date.UTC(2026, 0, 1, 12, min)).toISOString();

function lines(
  n: number,
  make: (i: number) => string,
  from: number,
): LogLine[] {
  return Array.from({ length: n }, (_, i) => ({
    time: at(from + (i % 30)),
    message: make(i),
  }));
}

describe('compareWindows', () => {
  const baseline = [
    ...lines(40, i => `GET /orders/${i} 200 in ${i} ms`, 0),
    ...lines(2, i => `slow query took ${900 + i} ms`, 0),
  ];
  const incident = [
    ...lines(40, i => `GET /orders/${i} 200 in ${i} ms`, 30),
    ...lines(30, i => `slow query took ${1900 + i} ms`, 30),
    ...lines(
      12,
      i =>
        `pool exhausted: timeout acquiring connection after ${
          30 + i
        }s password=hunter${i}`,
      41,
    ),
  ];
  const result = compareWindows({
    incident: { lines: incident, durationMs: 30 * 60_000 },
    baseline: { lines: baseline, durationMs: 30 * 60_000 },
    redact: s => s.replace(/password=\S+/g, 'password=[REDACTED]'),
  });
  const find = (prefix: string) =>
    result.find(r => r.template.startsWith(prefix))!;

  it('reports a template that only appears in the incident as new, with its first occurrence', () => {
    const pool = find('pool exhausted');
    expect(pool.trend).toBe('new');
    expect(pool.incidentCount).toBe(12);
    expect(pool.baselineCount).toBe(0);
    expect(pool.firstSeen).toBe(at(41));
    expect(result[0]).toBe(pool);
  });

  it('reports a template whose rate jumped as increased, and a steady one as steady', () => {
    const slow = find('slow query');
    expect(slow.trend).toBe('increased');
    expect(slow.rateRatio).toBeCloseTo(15);
    expect(find('GET').trend).toBe('steady');
  });

  it('keeps at most three distinct exemplars and passes them through redact', () => {
    const pool = find('pool exhausted');
    expect(pool.exemplars).toHaveLength(3);
    expect(pool.exemplars.join('\n')).not.toMatch(/hunter/);
    expect(pool.exemplars[0]).toContain('password=[REDACTED]');
  });

  it('compares by template string: the same lines in another order give the same answer', () => {
    const again = compareWindows({
      incident: { lines: [...incident].reverse(), durationMs: 30 * 60_000 },
      baseline: { lines: [...baseline].reverse(), durationMs: 30 * 60_000 },
    });
    const summary = (r: typeof result) =>
      r.map(
        x => `${x.template}|${x.trend}|${x.incidentCount}|${x.baselineCount}`,
      );
    expect(summary(again)).toEqual(summary(result));
  });
});

describe('compareWindows on structured lines', () => {
  const json = (i: number, msg: string, extra: object) =>
    JSON.stringify({
      level: 'error',
      ts: 1709802000 + i,
      logger: 'checkout.payments',
      msg,
      order_id: 900_000 + i,
      trace_id: `${(0x1f3a9c00 + i * 7919).toString(16)}c0ffee`,
      ...extra,
    });
  const info = (i: number) =>
    JSON.stringify({
      level: 'info',
      ts: 1709802000 + i,
      msg: 'charge authorized',
      order_id: i,
    });

  it('shows a JSON error burst as ONE new template carrying its error class', () => {
    const burst = Array.from({ length: 25 }, (_, i) => ({
      time: at(31 + (i % 20)),
      message: json(i, 'charge failed', {
        error: {
          type: 'ConnectionRefusedError',
          message: `connect ECONNREFUSED 10.96.${i % 250}.104:6379`,
        },
      }),
    }));
    const result = compareWindows({
      baseline: { lines: lines(30, info, 0), durationMs: 30 * 60_000 },
      incident: {
        lines: [...lines(30, info, 30), ...burst],
        durationMs: 30 * 60_000,
      },
    });
    const fresh = result.filter(r => r.trend === 'new');
    expect(fresh).toHaveLength(1);
    expect(fresh[0].incidentCount).toBe(25);
    expect(fresh[0].template).toContain('type=ConnectionRefusedError');
    expect(fresh[0].template).toContain('charge failed');
  });

  it('reads a log store’s parsed fields as the line’s structure', () => {
    const parsed = (i: number, type: string) => ({
      time: at(31 + (i % 20)),
      message: 'charge failed',
      fields: {
        level: 'error',
        error: `${type}: pool exhausted after ${i}s`,
        order_id: String(i),
      },
    });
    const result = compareWindows({
      baseline: { lines: [], durationMs: 30 * 60_000 },
      incident: {
        lines: [
          ...Array.from({ length: 6 }, (_, i) => parsed(i, 'TimeoutError')),
          ...Array.from({ length: 4 }, (_, i) => parsed(i, 'AuthError')),
        ],
        durationMs: 30 * 60_000,
      },
    });
    expect(result.map(r => r.incidentCount)).toEqual([6, 4]);
    expect(result[0].exemplars[0]).toBe('charge failed');
  });
});

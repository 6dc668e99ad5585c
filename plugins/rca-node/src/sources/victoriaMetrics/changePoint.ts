/** Robust change detection on one series: median/MAD baseline, sustained departure, trend. */

export interface ChangePoint {
  /** Unix seconds of the first point of the sustained departure. */
  onset: number;
  baseline: number;
  /** Median after the onset. */
  level: number;
  peak: number;
}

export interface RampTrend {
  start: number;
  end: number;
  from: number;
  to: number;
  /** Coefficient of determination of the linear fit, 0..1. */
  r2: number;
}

export function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median absolute deviation, scaled to estimate a standard deviation. */
export function mad(xs: number[], center = median(xs)): number {
  return 1.4826 * median(xs.map(x => Math.abs(x - center)));
}

/**
 * Finds the first point from which the series stays above the baseline: more than `k` robust
 * deviations and above `threshold`, for at least 3 of the next 4 points. The baseline is the
 * reference window; without one, the first fifth of the incident window.
 */
export function detectRise(
  baselinePoints: Array<[number, number]>,
  incidentPoints: Array<[number, number]>,
  options: { threshold: number; relative: boolean; k?: number },
): ChangePoint | undefined {
  let reference = baselinePoints.map(p => p[1]);
  let candidates = incidentPoints;
  if (reference.length < 5) {
    const cut = Math.max(3, Math.floor(incidentPoints.length / 5));
    reference = incidentPoints.slice(0, cut).map(p => p[1]);
    candidates = incidentPoints.slice(cut);
  }
  if (!candidates.length) return undefined;
  const base = reference.length ? median(reference) : 0;
  // A flat baseline has MAD 0: allow a relative and an absolute floor so noise does not trigger.
  const spread = Math.max(
    reference.length ? mad(reference, base) : 0,
    Math.abs(base) * 0.1,
    1e-9,
  );
  const k = options.k ?? 4;
  const high = (v: number) =>
    v >= options.threshold &&
    (!options.relative || (v - base > k * spread && v >= base * 1.5));
  for (let i = 0; i < candidates.length; i++) {
    if (!high(candidates[i][1])) continue;
    const next = candidates.slice(i, i + 4);
    const sustained =
      next.filter(p => high(p[1])).length >= Math.min(3, next.length);
    if (!sustained) continue;
    const after = candidates.slice(i).map(p => p[1]);
    return {
      onset: candidates[i][0],
      baseline: base,
      level: median(after),
      peak: Math.max(...after),
    };
  }
  return undefined;
}

/**
 * The longest steady climb in a series, split where it drops sharply (an OOM kill resets memory):
 * the shape of a leak is a ramp, or a saw-tooth of ramps.
 */
export function longestRamp(
  points: Array<[number, number]>,
): RampTrend | undefined {
  const segments: Array<Array<[number, number]>> = [];
  let current: Array<[number, number]> = [];
  for (const p of points) {
    const last = current[current.length - 1];
    if (last && p[1] < last[1] * 0.7) {
      segments.push(current);
      current = [];
    }
    current.push(p);
  }
  segments.push(current);
  let best: RampTrend | undefined;
  for (const seg of segments) {
    if (seg.length < 8) continue;
    const fit = linearFit(seg);
    const from = seg[0][1];
    const to = seg[seg.length - 1][1];
    if (fit.slope <= 0) continue;
    const ramp = {
      start: seg[0][0],
      end: seg[seg.length - 1][0],
      from,
      to,
      r2: fit.r2,
    };
    if (!best || ramp.end - ramp.start > best.end - best.start) best = ramp;
  }
  return best;
}

function linearFit(points: Array<[number, number]>) {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  }
  const slope = sxx ? sxy / sxx : 0;
  const r2 = sxx && syy ? (sxy * sxy) / (sxx * syy) : 0;
  return { slope, r2 };
}

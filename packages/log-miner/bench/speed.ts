import { LogTemplateMiner } from '../src/LogTemplateMiner';
import { naiveTemplate } from './groupers';

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function seconds(run: () => void): number {
  const t0 = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/**
 * Throughput of the miner and of the naive grouper on the same lines, replayed `replay` times, on
 * this one thread: one warm-up run each, then `runs` rounds alternating the two (so both see the
 * same load on a shared machine), the median of each.
 */
export function throughput(lines: readonly string[], replay: number, runs = 5) {
  const ours = () => {
    const miner = new LogTemplateMiner();
    for (let i = 0; i < replay; i++) for (const l of lines) miner.add(l);
  };
  const naive = () => {
    const groups = new Map<string, number>();
    for (let i = 0; i < replay; i++)
      for (const l of lines) {
        const k = naiveTemplate(l);
        groups.set(k, (groups.get(k) ?? 0) + 1);
      }
  };
  ours();
  naive();
  const times = { ours: [] as number[], naive: [] as number[] };
  for (let r = 0; r < runs; r++) {
    times.ours.push(seconds(ours));
    times.naive.push(seconds(naive));
  }
  const total = lines.length * replay;
  return {
    ours: total / median(times.ours),
    naive: total / median(times.naive),
  };
}

/** Memory: a stream of never-repeating shapes must stay under the template cap. */
export function cappedStream(cap: number, lines = 300_000) {
  const capped = new LogTemplateMiner({ maxTemplates: cap });
  const word = (n: number) => {
    let w = '';
    for (let k = n + 1; k > 0; k = Math.floor(k / 26))
      w += String.fromCharCode(97 + (k % 26));
    return w;
  };
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  // mulberry32: integer maths only, so the stream is the same on every run.
  let seed = 7;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  for (let i = 0; i < lines; i++) {
    // Every line a new shape: constant-looking words that never repeat, half of them as JSON.
    const n = 4 + (rand() % 12);
    const parts: string[] = [];
    for (let j = 0; j < n; j++) parts.push(word(rand() % 1_000_000));
    const text = parts.join(' ');
    capped.add(i % 2 ? text : JSON.stringify({ level: 'info', msg: text }));
  }
  global.gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  return { templates: capped.size, heapMb };
}

import {
  LogTemplateMiner,
  type LogTemplateMinerOptions,
} from './LogTemplateMiner';

export interface LogLine {
  /** ISO 8601 time. */
  time: string;
  message: string;
  /**
   * Fields a log store parsed out of a structured line (level, logger, error, request id, ...),
   * when `message` is only its message field. The miner then sees the line as structured: the
   * level, logger and error fields name the event, the others are parameters.
   */
  fields?: Record<string, string>;
}

/** What the miner reads of a line: the message, or the message with its fields as one JSON line. */
function minerInput(line: LogLine): string {
  if (!line.fields) return line.message;
  return JSON.stringify({ ...line.fields, msg: line.message });
}

export type TemplateTrend =
  | 'new'
  | 'increased'
  | 'steady'
  | 'decreased'
  | 'gone';

export interface TemplateComparison {
  /** The template key (variables collapsed to `<*>`), the identity across windows. */
  template: string;
  incidentCount: number;
  baselineCount: number;
  /** Incident rate over baseline rate, per unit of time; `Infinity` for a new template. */
  rateRatio: number;
  trend: TemplateTrend;
  /** First and last occurrence in the incident window. */
  firstSeen?: string;
  lastSeen?: string;
  /** A few distinct example lines, incident ones first, passed through `redact`. */
  exemplars: string[];
}

export interface CompareWindowsOptions {
  incident: { lines: LogLine[]; durationMs: number };
  baseline: { lines: LogLine[]; durationMs: number };
  miner?: LogTemplateMinerOptions;
  /** Applied to every exemplar; the miner itself knows nothing about secrets. */
  redact?: (line: string) => string;
  maxExemplars?: number;
  /** A template at least this many times more frequent than in the baseline is `increased`. Default 3. */
  increaseRatio?: number;
  /** Fewer incident lines than this never make a template `increased`. Default 3. */
  minCount?: number;
}

interface Tally {
  incident: number;
  baseline: number;
  firstSeen?: string;
  lastSeen?: string;
  exemplars: string[];
}

/**
 * Mines both windows with one miner and compares them by template string: which templates are
 * new in the incident, which jumped in rate, and when each was first seen. Lines are fed in
 * time order, baseline first, so the result does not depend on how the server sorted them.
 */
export function compareWindows(
  options: CompareWindowsOptions,
): TemplateComparison[] {
  const tallies = tallyWindows(options);
  const redact = options.redact ?? ((s: string) => s);
  const incidentMs = Math.max(options.incident.durationMs, 1);
  const baselineMs = Math.max(options.baseline.durationMs, 1);
  const increaseRatio = options.increaseRatio ?? 3;
  const minCount = options.minCount ?? 3;
  const out: TemplateComparison[] = [];
  for (const [template, t] of tallies) {
    const incidentRate = t.incident / incidentMs;
    const baselineRate = t.baseline / baselineMs;
    const rateRatio = baselineRate ? incidentRate / baselineRate : Infinity;
    out.push({
      template,
      incidentCount: t.incident,
      baselineCount: t.baseline,
      rateRatio,
      trend: trendOf(t, rateRatio, increaseRatio, minCount),
      ...(t.firstSeen ? { firstSeen: t.firstSeen, lastSeen: t.lastSeen } : {}),
      exemplars: t.exemplars.map(redact),
    });
  }
  // Most telling first: new, then increased, by incident count; ties by template for stability.
  const order: Record<TemplateTrend, number> = {
    new: 0,
    increased: 1,
    steady: 2,
    decreased: 3,
    gone: 4,
  };
  return out.sort(
    (a, b) =>
      order[a.trend] - order[b.trend] ||
      b.incidentCount - a.incidentCount ||
      a.template.localeCompare(b.template),
  );
}

/** Mines both windows with one miner and counts each window's lines per final template key. */
function tallyWindows(options: CompareWindowsOptions): Map<string, Tally> {
  const miner = new LogTemplateMiner(options.miner);
  const maxExemplars = options.maxExemplars ?? 3;
  // Parsed once per line: ISO strings of different precision do not sort as text.
  const feed = (lines: LogLine[]) =>
    lines
      .map(line => ({ line, at: Date.parse(line.time) }))
      .sort((a, b) => a.at - b.at)
      .map(({ line }) => {
        const t = miner.add(minerInput(line));
        return { line, id: t.id, key: t.key };
      });
  const baseline = feed(options.baseline.lines);
  const incident = feed(options.incident.lines);

  // A cluster's template keeps generalising (and merging with its siblings) after a line joined
  // it: read the final key, falling back to the key at the time for a template the cap evicted.
  const finalKey = (id: number, key: string) =>
    miner.templateOf(id)?.key ?? key;
  const tallies = new Map<string, Tally>();
  const tallyOf = (key: string) => {
    let t = tallies.get(key);
    if (!t) {
      t = { incident: 0, baseline: 0, exemplars: [] };
      tallies.set(key, t);
    }
    return t;
  };
  for (const { line, id, key } of incident) {
    const t = tallyOf(finalKey(id, key));
    t.incident++;
    t.firstSeen ??= line.time;
    t.lastSeen = line.time;
    addExemplar(t, line.message, maxExemplars);
  }
  for (const { line, id, key } of baseline) {
    const t = tallyOf(finalKey(id, key));
    t.baseline++;
    if (t.incident === 0) addExemplar(t, line.message, maxExemplars);
  }
  return tallies;
}

function trendOf(
  t: Tally,
  rateRatio: number,
  increaseRatio: number,
  minCount: number,
): TemplateTrend {
  if (t.incident && !t.baseline) return 'new';
  if (!t.incident) return 'gone';
  if (rateRatio >= increaseRatio && t.incident >= minCount) return 'increased';
  if (rateRatio <= 1 / increaseRatio) return 'decreased';
  return 'steady';
}

function addExemplar(t: Tally, message: string, max: number) {
  if (t.exemplars.length < max && !t.exemplars.includes(message))
    t.exemplars.push(message);
}

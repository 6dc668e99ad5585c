import { Rng } from './rng';
import type { World } from './world';

/** `<*>`: where a parameter goes in a template (LogHub convention). */
export const PARAM = '<*>';

/** What a parameter generator sees while one event is drawn. */
export interface Gen {
  readonly r: Rng;
  readonly w: World;
  /** The event's time, in microseconds since the epoch. */
  readonly us: number;
  /** The same value for every record of one table row (e.g. one container id across a start sequence). */
  keep(key: string, make: () => string): string;
}

/** Draws one parameter value. */
export type Param = (g: Gen) => string;

/**
 * A ground-truth template: constant text with `<*>` where a parameter goes, and one generator per
 * `<*>`, in order. A record's content is the text with each `<*>` replaced by its drawn value, so
 * the label is exact by construction.
 */
export interface TemplateSpec {
  readonly text: string;
  readonly params: readonly Param[];
  /** For a multi-line trace event: its key, unique within the format. */
  readonly trace?: { readonly type: string; readonly top: string };
}

/** `n` occurrences exactly (the long tail), or a relative weight. */
export type Freq = number | { readonly n: number };

/** One row of a format's table: a template, or templates always logged together, in order. */
export interface Entry {
  readonly freq: Freq;
  readonly templates: readonly TemplateSpec[];
}

export interface FormatSpec {
  /** File stem, e.g. `nginx-ingress`. */
  readonly name: string;
  readonly title: string;
  /** Public format documentation and sample logs the table follows. */
  readonly sources: readonly string[];
  /** Target number of records. */
  readonly records: number;
  readonly entries: readonly Entry[];
}

export const once: Freq = { n: 1 };
export const twice: Freq = { n: 2 };

export function t(text: string, ...params: Param[]): TemplateSpec {
  return { text, params };
}

/** A table row holding one template. */
export function e(freq: Freq, template: TemplateSpec): Entry {
  return { freq, templates: [template] };
}

/** A table row whose templates are always logged together, in this order. */
export function seq(freq: Freq, ...templates: TemplateSpec[]): Entry {
  return { freq, templates };
}

/** A multi-line trace template keyed by exception type and top frame. */
export function trace(
  type: string,
  top: string,
  template: TemplateSpec,
): TemplateSpec {
  return { ...template, trace: { type, top } };
}

/** Prepends a header (its own text and parameters) to a message template. */
export function withHeader(
  headerText: string,
  headerParams: readonly Param[],
  msg: TemplateSpec,
): TemplateSpec {
  return {
    text: headerText + msg.text,
    params: [...headerParams, ...msg.params],
    trace: msg.trace,
  };
}

export function countParams(text: string): number {
  return text.split(PARAM).length - 1;
}

export function render(template: TemplateSpec, g: Gen): string {
  const parts = template.text.split(PARAM);
  let out = parts[0];
  for (let i = 1; i < parts.length; i++) {
    out += template.params[i - 1](g) + parts[i];
  }
  return out;
}

/** Table errors a reviewer would otherwise only see as wrong labels. */
export function validateFormat(spec: FormatSpec): void {
  const traceKeys = new Map<string, string>();
  for (const entry of spec.entries) {
    for (const tpl of entry.templates) {
      const n = countParams(tpl.text);
      if (n !== tpl.params.length) {
        throw new Error(
          `${spec.name}: template has ${n} <*> but ${tpl.params.length} parameters: ${tpl.text}`,
        );
      }
      if (tpl.text.includes('\r')) {
        throw new Error(`${spec.name}: carriage return in ${tpl.text}`);
      }
      if (tpl.trace) {
        const key = `${tpl.trace.type} @ ${tpl.trace.top}`;
        const other = traceKeys.get(key);
        if (other !== undefined && other !== tpl.text) {
          throw new Error(`${spec.name}: two trace templates keyed ${key}`);
        }
        traceKeys.set(key, tpl.text);
      }
    }
  }
}

/**
 * How many times each entry occurs: exact `n`, or its weight's share of the remaining records
 * (at least once), the heaviest entry absorbing the rounding. Returned in a shuffled order.
 */
export function allocate(spec: FormatSpec, r: Rng): Entry[] {
  const fixed = spec.entries.filter(x => typeof x.freq !== 'number');
  const weighted = spec.entries.filter(x => typeof x.freq === 'number');
  const size = (x: Entry) => x.templates.length;
  const fixedRecords = fixed.reduce(
    (s, x) => s + (x.freq as { n: number }).n * size(x),
    0,
  );
  const weightRecords = weighted.reduce(
    (s, x) => s + (x.freq as number) * size(x),
    0,
  );
  const scale = (spec.records - fixedRecords) / weightRecords;
  const counts = new Map<Entry, number>();
  for (const x of fixed) counts.set(x, (x.freq as { n: number }).n);
  for (const x of weighted) {
    counts.set(x, Math.max(1, Math.round(scale * (x.freq as number))));
  }
  const heaviest = weighted.reduce((a, b) =>
    (a.freq as number) * size(a) >= (b.freq as number) * size(b) ? a : b,
  );
  const total = [...counts].reduce((s, [x, c]) => s + c * size(x), 0);
  const fix = Math.trunc((spec.records - total) / size(heaviest));
  counts.set(heaviest, counts.get(heaviest)! + fix);
  const order: Entry[] = [];
  for (const [x, c] of counts) for (let i = 0; i < c; i++) order.push(x);
  return r.shuffle(order);
}

import { LogTemplateMiner } from '../src/LogTemplateMiner';

/** Groups records: one label per record, read after every record has been seen. */
export type Grouper = (contents: readonly string[]) => string[];

/** The naive baseline (as `corpus/naiveBaseline.ts`): digit runs become `<*>`, group by the rest. */
export function naiveTemplate(content: string): string {
  return content.replace(/\d+/g, '<*>');
}

export const naiveGrouper: Grouper = contents => contents.map(naiveTemplate);

/** Ours: one fresh miner with the default configuration; a record's label is its final template. */
export const minerGrouper: Grouper = contents => {
  const miner = new LogTemplateMiner();
  const ids = contents.map(c => miner.add(c).id);
  return ids.map(id => miner.templateOf(id)?.key ?? `evicted:${id}`);
};

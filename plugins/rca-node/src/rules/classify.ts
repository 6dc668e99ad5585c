import type { RootCauseLabel } from '@internal/plugin-rca-common';
import type { Classify, MessageKind, MessageRule } from './family';
import { RULE_FAMILIES } from './registry';

const rulesOf = (kind: MessageKind): MessageRule[] =>
  RULE_FAMILIES.flatMap(f => f.messages?.[kind] ?? []);

const RULES: Record<MessageKind, MessageRule[]> = {
  imagePull: rulesOf('imagePull'),
  missingReference: rulesOf('missingReference'),
  scheduling: rulesOf('scheduling'),
  crash: rulesOf('crash'),
  exitCode: rulesOf('exitCode'),
  log: rulesOf('log'),
};

/** Classifies a message by the first matching rule of its kind, in registry order. */
export const classify: Classify = (kind, text) => {
  for (const { pattern, label, specificity, level } of RULES[kind])
    if (pattern.test(text)) return { label, specificity, level };
  return undefined;
};

const CRASH_TITLES = new Map(
  RULE_FAMILIES.flatMap(f => Object.entries(f.crashTitles ?? {})),
);

/** The title of a crash loop classified as `label`. */
export function crashTitle(label: RootCauseLabel): string {
  return CRASH_TITLES.get(label) ?? `Container crash-looping (${label})`;
}

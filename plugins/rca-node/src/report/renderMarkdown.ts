import type { RcaReport } from '@internal/plugin-rca-common';
import { frontMatter } from './frontMatter';
import {
  evidenceSection,
  gapsSection,
  headerSection,
  nextStepsSection,
  queriesSection,
  rootCauseSection,
  summarySection,
  timelineSection,
} from './sections';
import { whatChangedSection } from './whatChanged';

/** Markdown with the structured report as YAML front matter. Every untrusted string is escaped. */
export function renderMarkdown(report: RcaReport): string {
  return [
    '---',
    frontMatter(report),
    '---',
    '',
    ...headerSection(report),
    ...summarySection(report),
    ...rootCauseSection(report),
    ...timelineSection(report),
    ...whatChangedSection(report),
    ...evidenceSection(report),
    ...gapsSection(report),
    ...nextStepsSection(report),
    ...queriesSection(report),
  ].join('\n');
}

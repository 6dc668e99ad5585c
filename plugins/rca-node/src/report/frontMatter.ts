import type { RcaReport } from '@internal/plugin-rca-common';
import { stringify } from 'yaml';

/**
 * YAML front matter that stays inert in renderers unaware of front matter: every string is
 * double-quoted, so `<`, `>`, `[` and `]` can be written as YAML escapes and parse back unchanged.
 */
export function frontMatter(report: RcaReport): string {
  return stringify(report, {
    lineWidth: 0,
    defaultStringType: 'QUOTE_DOUBLE',
    defaultKeyType: 'PLAIN',
  })
    .trimEnd()
    .replace(/"(?:[^"\\]|\\.)*"/g, quoted =>
      quoted.replace(
        /[<>[\]]/g,
        c => `\\x${c.charCodeAt(0).toString(16).toUpperCase()}`,
      ),
    );
}

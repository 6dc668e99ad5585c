import type { RcaReport } from '@internal/plugin-rca-common';
import { escapeMarkdown } from './escape';

const cite = (ids: string[]) => (ids.length ? ` [${ids.join(', ')}]` : '');

/**
 * The reasoning behind the ranking: each causal chain (cause first, then the findings it
 * explains) and the findings ruled out with the reason. Nothing when there is neither.
 */
export function causalSections(report: RcaReport): string[] {
  const out: string[] = [];
  const chains = report.hypotheses.filter(h => h.chain?.length);
  if (chains.length) {
    out.push('### Causal chain', '');
    for (const h of chains)
      out.push(
        `- ${h.chain!.map(link => escapeMarkdown(link, 300)).join(' → ')}`,
      );
    out.push('');
  }
  const ruledOut = report.ruledOut ?? [];
  if (ruledOut.length) {
    out.push('### Ruled out', '');
    for (const r of ruledOut)
      out.push(
        `- **${escapeMarkdown(r.title, 200)}** (\`${r.category}\`${
          r.object ? `, ${escapeMarkdown(r.object, 200)}` : ''
        }): ${escapeMarkdown(r.reason, 600)}${cite(r.evidence)}`,
      );
    out.push('');
  }
  return out;
}

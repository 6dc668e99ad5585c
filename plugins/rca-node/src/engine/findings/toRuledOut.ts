import type { RuledOut } from '@internal/plugin-rca-common';
import { cleanText } from '../../contracts';
import type { RuledOutDraft } from '../ranking/ruledOut';

/** Set-aside findings shown per object; more would bury the report. */
const MAX_RULED_OUT = 12;

/** The findings set aside as the report lists them: texts bounded, ledger keys turned into ids. */
export function toRuledOut(
  drafts: RuledOutDraft[],
  ids: Map<string, string>,
): RuledOut[] {
  return drafts.slice(0, MAX_RULED_OUT).map(d => ({
    category: d.category,
    title: cleanText(d.title, 300),
    ...(d.object ? { object: cleanText(d.object, 300) } : {}),
    reason: cleanText(d.ruledOut, 600),
    evidence: [
      ...new Set(
        d.evidence.map(k => ids.get(k)).filter((id): id is string => !!id),
      ),
    ],
  }));
}

import type { ReportedChange } from '@internal/plugin-rca-common';
import {
  cleanText,
  createFactRef,
  type EvidenceLedger,
  type FactStore,
} from '../../contracts';

/** One write, in the lookback, to an object that can change a target's behaviour. */
export interface ChangeRecord {
  cluster: string;
  /** The target (entity or dependency) whose behaviour the object shapes. */
  entityRef: string;
  /** `Kind namespace/name`, as evidence names objects. */
  object: string;
  kind: string;
  at: string;
  /** What was written, in words ("rollout revision 4", "edited", "cordoned"). */
  what: string;
  /** Who wrote it: the field manager, change-cause, GitOps owner. */
  who?: string;
  /** What changed, where the API keeps both versions (workload templates). */
  diff?: string;
  /** Evidence id, once the change is cited. */
  evidence?: string;
  /** True for the change that lines up with an onset. */
  aligned?: boolean;
}

export interface ChangeFacts {
  /** Every target's changes, all clusters, newest first. */
  changes: ChangeRecord[];
}

export const CHANGE_FACTS = createFactRef<ChangeFacts>('changes');

/** How many changes the report lists: the aligned ones always, then the newest. */
const MAX_REPORTED = 50;

/**
 * The report's `changes` field, when a change timeline was read; a change cites its evidence id
 * only when the report shows that item.
 */
export function reportedChanges(
  facts: FactStore,
  ledger: EvidenceLedger,
  shown: Array<{ id: string }>,
): {
  changes?: ReportedChange[];
} {
  const shownIds = new Set(shown.map(e => e.id));
  const idOf = (key?: string) => {
    const id = key && ledger.idOf(key);
    return id && shownIds.has(id) ? id : undefined;
  };
  const all = facts.get(CHANGE_FACTS)?.changes;
  if (!all) return {};
  const kept = [
    ...all.filter(c => c.aligned),
    ...all.filter(c => !c.aligned),
  ].slice(0, MAX_REPORTED);
  const keptSet = new Set(kept);
  return {
    changes: all
      .filter(c => keptSet.has(c))
      .map(c => ({
        at: c.at,
        cluster: c.cluster,
        entityRef: c.entityRef,
        // Annotations and managers are written by anyone with edit rights (a change-cause can
        // hold a command line): cleaned and redacted like evidence text.
        object: cleanText(c.object, 300),
        what: cleanText(c.what, 300),
        ...(c.who ? { who: cleanText(c.who, 300) } : {}),
        ...(c.diff ? { diff: cleanText(c.diff, 1000) } : {}),
        ...(idOf(c.evidence) ? { evidence: idOf(c.evidence) } : {}),
        ...(c.aligned ? { aligned: true } : {}),
      })),
  };
}

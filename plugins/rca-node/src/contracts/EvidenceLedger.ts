import type { EvidenceItem } from '@internal/plugin-rca-common';
import { cleanText } from './redactSecrets';

export type EvidenceDraft = Omit<EvidenceItem, 'id'>;

const MAX_TEXT = 600;

/**
 * Every observed fact the report may cite. Texts are cleaned (ANSI, control characters) and
 * redacted on the way in, so nothing downstream (Markdown, LLM prompt, API) can see a secret.
 */
export class EvidenceLedger {
  readonly #items = new Map<string, EvidenceDraft>();
  readonly #drawnFrom = new Map<
    string,
    { cluster: string; namespace: string }
  >();
  #ids?: Map<string, string>;

  /**
   * `drawnFrom`: the namespace (`''`: the cluster scope) an item was read from when that is beyond
   * the analysed targets' namespaces; the report's readers must be able to read it too.
   */
  add(
    draft: EvidenceDraft,
    drawnFrom?: { cluster: string; namespace: string },
  ): string {
    const clean: EvidenceDraft = {
      ...draft,
      object: cleanText(draft.object, 300),
      text: cleanText(draft.text, MAX_TEXT),
    };
    const key = [
      clean.source,
      clean.cluster ?? '',
      clean.object,
      clean.field ?? '',
      clean.text,
    ].join('\u0000');
    if (!this.#items.has(key)) this.#items.set(key, clean);
    if (drawnFrom) this.#drawnFrom.set(key, drawnFrom);
    return key;
  }

  /** The namespaces beyond the targets' that items were drawn from, each once. */
  drawnFrom(): Array<{ cluster: string; namespace: string }> {
    const seen = new Map<string, { cluster: string; namespace: string }>();
    for (const r of this.#drawnFrom.values())
      seen.set(`${r.cluster}/${r.namespace}`, r);
    return [...seen.values()];
  }

  get(key: string): EvidenceDraft | undefined {
    return this.#items.get(key);
  }

  get size(): number {
    return this.#items.size;
  }

  /**
   * Assigns E1, E2… : cited items first in citation order, then the rest by time. Deterministic for
   * a given input, so re-running an analysis cites the same ids.
   */
  assignIds(citationOrder: string[]): Map<string, string> {
    const ordered: string[] = [];
    const seen = new Set<string>();
    for (const key of citationOrder) {
      if (this.#items.has(key) && !seen.has(key)) {
        seen.add(key);
        ordered.push(key);
      }
    }
    const rest = [...this.#items.keys()].filter(k => !seen.has(k));
    rest.sort((a, b) => {
      const ta = this.#items.get(a)!.timestamp ?? '~';
      const tb = this.#items.get(b)!.timestamp ?? '~';
      return ta.localeCompare(tb) || a.localeCompare(b);
    });
    this.#ids = new Map([...ordered, ...rest].map((k, i) => [k, `E${i + 1}`]));
    return this.#ids;
  }

  /** The id assigned to a ledger key (after assignIds), for parts of the report that cite by key. */
  idOf(key: string): string | undefined {
    return this.#ids?.get(key);
  }

  items(): EvidenceItem[] {
    if (!this.#ids) throw new Error('assignIds first');
    return [...this.#ids.entries()].map(([key, id]) => ({
      id,
      ...this.#items.get(key)!,
    }));
  }
}

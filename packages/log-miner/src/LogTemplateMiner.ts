import {
  applyLineMasks,
  DEFAULT_LINE_MASKS,
  type LineMask,
  maskToken,
  PARAM,
} from './masking';
import { eventText } from './eventText';
import {
  DEFAULT_EVENT_KEYS,
  type EventKeys,
  type KeyRole,
  keyRoles,
} from './structured/eventKeys';

export interface LogTemplateMinerOptions {
  /** Share of a template's constant tokens a line must equal to join it. Default 0.85. */
  similarityThreshold?: number;
  /** Leading tokens used to route a line in the prefix tree. Default 2. */
  prefixTokens?: number;
  /** Children per tree node before further tokens are routed to a wildcard branch. Default 100. */
  maxChildren?: number;
  /** Templates kept at most; the least recently matched one is dropped first. Default 10 000. */
  maxTemplates?: number;
  /** Whole-line masks, applied before tokenization. Default {@link DEFAULT_LINE_MASKS}. */
  lineMasks?: LineMask[];
  /** Keys of JSON and key=value lines that name the event; other keys' values are parameters. */
  eventKeys?: Partial<EventKeys>;
  /**
   * Templates of one length and prefix that differ in one position only are merged once that
   * position has shown this many different values: it varies, so it is a parameter. Default 4.
   */
  minVariants?: number;
}

/** A mined template. `key` is the stable identity: compare windows by it, never by `id`. */
export interface MinedTemplate {
  id: number;
  /** The template, tokens joined by single spaces, variable parts as `<*>`. */
  template: string;
  /** The template with runs of `<*>` collapsed, so a variable spanning 1 or 3 tokens is one shape. */
  key: string;
  count: number;
}

interface Cluster {
  id: number;
  tokens: string[];
  count: number;
  /** Cached strings, cleared when the template generalises. */
  key?: string;
  template?: string;
  /** The leaf holding it, so eviction does not depend on re-routing a generalised template. */
  leaf: Cluster[];
  /** Ids of the clusters merged into this one, which now resolve to it. */
  merged?: number[];
}

const TOKEN_CACHE_SIZE = 200_000;
/** Most lines a template may hold and still count as one value of a varying position. */
const RARE = 2;

type TreeNode = Map<string, TreeNode | Cluster[]>;

/**
 * An online, Drain-style log template miner (He et al., ICWS 2017): lines are masked, split on
 * whitespace, routed by length and leading tokens through a fixed-depth tree, and joined to the
 * most similar template in the leaf, which is generalised where they differ.
 *
 * Cluster ids depend on arrival order; template strings do not (for a given set of lines), which
 * is why {@link MinedTemplate.key} is the identity to compare by.
 */
export class LogTemplateMiner {
  readonly #st: number;
  readonly #depth: number;
  readonly #maxChildren: number;
  readonly #maxTemplates: number;
  readonly #lineMasks: LineMask[];
  readonly #roles: Map<string, KeyRole>;
  readonly #minVariants: number;
  /** Every live id, merged ones included, to its cluster. */
  readonly #byId = new Map<number, Cluster>();
  readonly #root = new Map<number, TreeNode | Cluster[]>();
  /** Insertion order is recency order: a matched cluster is moved to the end. */
  readonly #clusters = new Map<number, Cluster>();
  /** Masked form of recently seen tokens: most tokens are constant words seen again and again. */
  #tokenCache = new Map<string, string>();
  #nextId = 1;
  /** The similarity the last tokenised record needs to join a template. */
  #threshold = 0;

  constructor(options: LogTemplateMinerOptions = {}) {
    this.#st = options.similarityThreshold ?? 0.85;
    this.#depth = options.prefixTokens ?? 2;
    this.#maxChildren = options.maxChildren ?? 100;
    this.#maxTemplates = options.maxTemplates ?? 10_000;
    this.#lineMasks = options.lineMasks ?? DEFAULT_LINE_MASKS;
    this.#roles = keyRoles({ ...DEFAULT_EVENT_KEYS, ...options.eventKeys });
    this.#minVariants = options.minVariants ?? 4;
  }

  /**
   * Tokens of a record's event text: structure first, then masking. A structured record (one with
   * a key) must equal its template outside the parameters: its message is the event, so only
   * evidence (siblings) generalises it.
   */
  #eventTokens(line: string): string[] {
    const { key, message, text } = eventText(line, this.#roles);
    const tokens = this.tokenize(message ? `${message} ${text}` : text);
    // The key leads as one token: the prefix tree then keeps every structure apart.
    if (key !== undefined) tokens.unshift(key);
    this.#threshold = message !== undefined ? 1 : this.#st;
    return tokens;
  }

  /** Masked tokens of a line, as the tree sees them. */
  tokenize(line: string): string[] {
    const masked = applyLineMasks(line, this.#lineMasks);
    const tokens: string[] = [];
    let start = -1;
    for (let i = 0; i <= masked.length; i++) {
      const c = i < masked.length ? masked.charCodeAt(i) : 32;
      const space = c === 32 || c === 9 || c === 10 || c === 13;
      if (space) {
        if (start >= 0) tokens.push(this.#mask(masked.slice(start, i)));
        start = -1;
      } else if (start < 0) start = i;
    }
    return tokens;
  }

  #mask(token: string): string {
    let masked = this.#tokenCache.get(token);
    if (masked === undefined) {
      masked = maskToken(token);
      if (this.#tokenCache.size >= TOKEN_CACHE_SIZE)
        this.#tokenCache = new Map();
      this.#tokenCache.set(token, masked);
    }
    return masked;
  }

  /** Adds a line and returns the template it now belongs to. */
  add(line: string): MinedTemplate {
    const tokens = this.#eventTokens(line);
    const leaf = this.#leaf(tokens, true)!;
    let cluster = this.#bestMatch(leaf, tokens, this.#threshold);
    if (cluster) {
      generalize(cluster, tokens);
      cluster.count++;
      this.#clusters.delete(cluster.id);
      this.#clusters.set(cluster.id, cluster);
    } else {
      cluster = { id: this.#nextId++, tokens, count: 1, leaf };
      leaf.push(cluster);
      this.#clusters.set(cluster.id, cluster);
      this.#byId.set(cluster.id, cluster);
      cluster = this.#mergeSiblings(leaf, cluster);
      if (this.#clusters.size > this.#maxTemplates) this.#evict();
    }
    return toTemplate(cluster);
  }

  /** The template a line would join, without learning from it. */
  match(line: string): MinedTemplate | undefined {
    const tokens = this.#eventTokens(line);
    const leaf = this.#leaf(tokens, false);
    const cluster = leaf && this.#bestMatch(leaf, tokens, this.#threshold);
    return cluster && toTemplate(cluster);
  }

  templates(): MinedTemplate[] {
    return [...this.#clusters.values()].map(toTemplate);
  }

  /** The current template of an id returned by {@link add}, following merges; undefined once evicted. */
  templateOf(id: number): MinedTemplate | undefined {
    const c = this.#byId.get(id);
    return c && toTemplate(c);
  }

  get size(): number {
    return this.#clusters.size;
  }

  #leaf(tokens: string[], create: boolean): Cluster[] | undefined {
    let node = this.#root.get(tokens.length);
    if (!node) {
      if (!create) return undefined;
      node = this.#depth === 0 || tokens.length === 0 ? [] : new Map();
      this.#root.set(tokens.length, node);
    }
    const depth = Math.min(this.#depth, tokens.length);
    for (let i = 0; i < depth; i++) {
      const map = node as TreeNode;
      const token = tokens[i];
      const last = i === depth - 1;
      let next = map.get(token);
      if (!next && !create) {
        next = map.get(PARAM);
        if (!next) return undefined;
      } else if (!next) {
        // A full node routes further new tokens to its wildcard branch (Drain's maxChild).
        const key = map.size >= this.#maxChildren ? PARAM : token;
        next = map.get(key);
        if (!next) {
          next = last ? [] : new Map();
          map.set(key, next);
        }
      }
      node = next;
    }
    return node as Cluster[];
  }

  #bestMatch(
    leaf: Cluster[],
    tokens: string[],
    threshold: number,
  ): Cluster | undefined {
    let best: Cluster | undefined;
    let bestSim = -1;
    let bestParams = -1;
    for (const c of leaf) {
      let same = 0;
      let params = 0;
      const t = c.tokens;
      for (let i = 0; i < t.length; i++) {
        if (t[i] === PARAM) params++;
        else if (t[i] === tokens[i]) same++;
      }
      // Drain's similarity over the template's constant tokens: a masked value facing a wildcard
      // is neither a match nor a difference.
      const constants = t.length - params;
      const sim = constants ? same / constants : 1;
      const better = sim > bestSim || (sim === bestSim && params > bestParams);
      if (better && sim >= threshold && !differInCode(t, tokens)) {
        best = c;
        bestSim = sim;
        bestParams = params;
      }
    }
    return best && bestSim >= threshold ? best : undefined;
  }

  /**
   * Variables by evidence: the clusters of a leaf that differ from `fresh` in one and the same
   * position only are one template once that position has shown `minVariants` values.
   */
  #mergeSiblings(leaf: Cluster[], fresh: Cluster): Cluster {
    const byPosition = new Map<number, Cluster[]>();
    for (const c of leaf) {
      // A value seen often is an event of its own (an endpoint, a state), not a variable's value.
      if (c === fresh || c.count > RARE) continue;
      const p = singleDifference(c.tokens, fresh.tokens);
      if (p < 0) continue;
      const list = byPosition.get(p);
      if (list) list.push(c);
      else byPosition.set(p, [c]);
    }
    for (const [p, siblings] of byPosition) {
      if (siblings.length + 1 < this.#minVariants) continue;
      const survivor = siblings.reduce((a, b) => (b.count > a.count ? b : a));
      survivor.tokens[p] = PARAM;
      survivor.key = undefined;
      survivor.template = undefined;
      for (const c of [...siblings, fresh]) {
        if (c !== survivor) this.#absorb(survivor, c);
      }
      return survivor;
    }
    return fresh;
  }

  #absorb(survivor: Cluster, c: Cluster): void {
    survivor.count += c.count;
    survivor.merged = [...(survivor.merged ?? []), c.id, ...(c.merged ?? [])];
    for (const id of [c.id, ...(c.merged ?? [])]) this.#byId.set(id, survivor);
    this.#clusters.delete(c.id);
    const i = c.leaf.indexOf(c);
    if (i >= 0) c.leaf.splice(i, 1);
  }

  #evict(): void {
    const [id, victim] = this.#clusters.entries().next().value!;
    this.#clusters.delete(id);
    for (const merged of [id, ...(victim.merged ?? [])])
      this.#byId.delete(merged);
    const i = victim.leaf.indexOf(victim);
    if (i >= 0) victim.leaf.splice(i, 1);
  }
}

/** The one position where two templates differ (a wildcard matching anything), or -1. */
function singleDifference(a: string[], b: string[]): number {
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i] || a[i] === PARAM || b[i] === PARAM) continue;
    if (at >= 0) return -1;
    at = i;
  }
  return at;
}

/**
 * Enumeration values, which name an event rather than vary within one: an upper-case code word
 * (`NOERROR`, `SERVFAIL`, `HALF_OPEN`, `"AAAA`) or a list of short flags (`qr,aa,rd`, `UF,URX`).
 */
const CODE = /^\W*[A-Z][A-Z_]*\W*$|^[A-Za-z]{1,4}(?:,[A-Za-z]{1,4})+$/;
function isCode(token: string): boolean {
  return CODE.test(token);
}

/** Two enumeration values are two events: a template never generalises one into the other. */
function differInCode(t: string[], tokens: string[]): boolean {
  for (let i = 0; i < t.length; i++)
    if (t[i] !== tokens[i] && isCode(t[i]) && isCode(tokens[i])) return true;
  return false;
}

function generalize(cluster: Cluster, tokens: string[]): void {
  const t = cluster.tokens;
  for (let i = 0; i < t.length; i++) {
    if (t[i] !== PARAM && t[i] !== tokens[i]) {
      t[i] = PARAM;
      cluster.key = undefined;
      cluster.template = undefined;
    }
  }
}

function toTemplate(c: Cluster): MinedTemplate {
  // Built once per template shape, not once per line: add() is the hot path.
  if (c.key === undefined) c.key = collapse(c.tokens);
  if (c.template === undefined) c.template = c.tokens.join(' ');
  return {
    id: c.id,
    template: c.template,
    key: c.key,
    count: c.count,
  };
}

/** A variable with punctuation around it, or an empty value such as `()` or `""`. */
const PARAM_ONLY = /^[^\w]*(?:<\*>)?[^\w]*$/;

/**
 * The identity of a template: its constant tokens with every variable run reduced to one `<*>`, so
 * a variable spanning one or several tokens (`<1 sec`, `(0.0 KB)`) gives the same key.
 */
export function collapse(tokens: string[]): string {
  const out: string[] = [];
  for (const t of tokens) {
    const param = t === PARAM || (/^[[({<"'<]/.test(t) && PARAM_ONLY.test(t));
    if (param) {
      if (out[out.length - 1] !== PARAM) out.push(PARAM);
    } else out.push(t);
  }
  return out.join(' ');
}

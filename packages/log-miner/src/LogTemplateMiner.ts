import {
  applyLineMasks,
  DEFAULT_LINE_MASKS,
  type LineMask,
  maskToken,
  PARAM,
} from './masking';

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
}

const TOKEN_CACHE_SIZE = 50_000;

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
  readonly #root = new Map<number, TreeNode | Cluster[]>();
  /** Insertion order is recency order: a matched cluster is moved to the end. */
  readonly #clusters = new Map<number, Cluster>();
  /** Masked form of recently seen tokens: most tokens are constant words seen again and again. */
  #tokenCache = new Map<string, string>();
  #nextId = 1;

  constructor(options: LogTemplateMinerOptions = {}) {
    this.#st = options.similarityThreshold ?? 0.85;
    this.#depth = options.prefixTokens ?? 2;
    this.#maxChildren = options.maxChildren ?? 100;
    this.#maxTemplates = options.maxTemplates ?? 10_000;
    this.#lineMasks = options.lineMasks ?? DEFAULT_LINE_MASKS;
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
    const tokens = this.tokenize(line);
    const leaf = this.#leaf(tokens, true)!;
    let cluster = this.#bestMatch(leaf, tokens);
    if (cluster) {
      generalize(cluster, tokens);
      cluster.count++;
      this.#clusters.delete(cluster.id);
      this.#clusters.set(cluster.id, cluster);
    } else {
      cluster = { id: this.#nextId++, tokens, count: 1, leaf };
      leaf.push(cluster);
      this.#clusters.set(cluster.id, cluster);
      if (this.#clusters.size > this.#maxTemplates) this.#evict();
    }
    return toTemplate(cluster);
  }

  /** The template a line would join, without learning from it. */
  match(line: string): MinedTemplate | undefined {
    const tokens = this.tokenize(line);
    const leaf = this.#leaf(tokens, false);
    const cluster = leaf && this.#bestMatch(leaf, tokens);
    return cluster && toTemplate(cluster);
  }

  templates(): MinedTemplate[] {
    return [...this.#clusters.values()].map(toTemplate);
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

  #bestMatch(leaf: Cluster[], tokens: string[]): Cluster | undefined {
    let best: Cluster | undefined;
    let bestSim = -1;
    let bestParams = -1;
    for (const c of leaf) {
      let same = 0;
      let params = 0;
      const t = c.tokens;
      for (let i = 0; i < t.length; i++) {
        if (t[i] === tokens[i]) same++;
        if (t[i] === PARAM) params++;
      }
      // Drain's similarity, except that a masked value facing a wildcard counts as equal: a line
      // of masked values is then as similar to its template as a line of words.
      const sim = t.length ? same / t.length : 1;
      if (sim > bestSim || (sim === bestSim && params > bestParams)) {
        best = c;
        bestSim = sim;
        bestParams = params;
      }
    }
    return best && bestSim >= this.#st ? best : undefined;
  }

  #evict(): void {
    const [id, victim] = this.#clusters.entries().next().value!;
    this.#clusters.delete(id);
    const i = victim.leaf.indexOf(victim);
    if (i >= 0) victim.leaf.splice(i, 1);
  }
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

/**
 * The LogsQL subset the RCA suite sends, parsed strictly: anything else is a parse error, as a
 * real server would raise for bad syntax, so a client bug cannot be hidden by canned answers.
 *
 *   query   := expr+ [ '|' stats ]            (juxtaposed filters are ANDed)
 *   expr    := '*' | '{' matcher (',' matcher)* '}' | '(' expr ('OR' expr)* ')' | field-filter | 'i(' word ')'
 *   matcher := name ('=' | '!=' | '=~' | '!~') string
 *   field-filter := '_time:' duration | name ':' ( 'in(' value (',' value)* ')' | '=' string | '~' string | 'i(' word ')' )
 *   stats   := 'stats' [ 'by' '(' name (',' name)* ')' ] 'count()' 'as' name
 */

import { InputError } from '@backstage/errors';

export type Row = Record<string, string>;

export interface StoredRow {
  fields: Row;
  /** Stream fields, fixed at ingestion by `_stream_fields`. */
  stream: Row;
  time: number;
}

export type Filter = (row: StoredRow) => boolean;

export interface ParsedQuery {
  filter: Filter;
  stats?: { by: string[]; as: string };
}

const NAME = /^[A-Za-z_][\w.]*/;

class Parser {
  #pos = 0;
  constructor(readonly text: string) {}

  fail(what: string): never {
    throw new InputError(
      `cannot parse query [${this.text}]: ${what} at position ${
        this.#pos
      }: ${JSON.stringify(this.text.slice(this.#pos, this.#pos + 20))}`,
    );
  }

  ws() {
    while (/\s/.test(this.text[this.#pos] ?? '')) this.#pos++;
  }

  peek(s: string): boolean {
    this.ws();
    return this.text.startsWith(s, this.#pos);
  }

  eat(s: string): boolean {
    if (!this.peek(s)) return false;
    this.#pos += s.length;
    return true;
  }

  expect(s: string) {
    if (!this.eat(s)) this.fail(`expected ${JSON.stringify(s)}`);
  }

  done(): boolean {
    this.ws();
    return this.#pos >= this.text.length;
  }

  name(): string {
    this.ws();
    const m = NAME.exec(this.text.slice(this.#pos));
    if (!m) this.fail('expected a field name');
    this.#pos += m[0].length;
    return m[0];
  }

  string(): string {
    this.ws();
    if (this.text[this.#pos] !== '"') this.fail('expected a quoted string');
    let out = '';
    for (let i = this.#pos + 1; i < this.text.length; i++) {
      const c = this.text[i];
      if (c === '\\') {
        out += this.text[++i];
      } else if (c === '"') {
        this.#pos = i + 1;
        return out;
      } else out += c;
    }
    return this.fail('unterminated string');
  }

  value(): string {
    if (this.peek('"')) return this.string();
    this.ws();
    const m = /^[^\s,()"|]+/.exec(this.text.slice(this.#pos));
    if (!m) this.fail('expected a value');
    this.#pos += m[0].length;
    return m[0];
  }

  query(): ParsedQuery {
    const filters: Filter[] = [];
    while (!this.done() && !this.peek('|')) filters.push(this.expr());
    if (!filters.length) this.fail('expected a filter');
    let stats: ParsedQuery['stats'];
    if (this.eat('|')) {
      this.expect('stats');
      const by: string[] = [];
      if (this.eat('by')) {
        this.expect('(');
        do by.push(this.name());
        while (this.eat(','));
        this.expect(')');
      }
      this.expect('count()');
      this.expect('as');
      stats = { by, as: this.name() };
    }
    if (!this.done()) this.fail('unexpected trailing input');
    return { filter: row => filters.every(f => f(row)), stats };
  }

  expr(): Filter {
    if (this.eat('*')) return () => true;
    if (this.eat('{')) return this.streamSelector();
    if (this.eat('(')) {
      const any: Filter[] = [this.expr()];
      while (this.eat('OR')) any.push(this.expr());
      this.expect(')');
      return row => any.some(f => f(row));
    }
    if (this.eat('i(')) {
      const word = this.value();
      this.expect(')');
      return wordFilter('_msg', word);
    }
    const field = this.name();
    this.expect(':');
    if (field === '_time') {
      // _time:<duration> — the last N s/m/h/d/w
      this.ws();
      const m = /^(\d+)([smhdw])/.exec(this.text.slice(this.#pos));
      if (!m) this.fail('expected a duration such as 5m or 24h');
      this.#pos += m[0].length;
      const unit = { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 }[
        m[2] as 's' | 'm' | 'h' | 'd' | 'w'
      ];
      const since = Date.now() - Number(m[1]) * unit;
      return row => row.time >= since;
    }
    if (this.eat('in(')) {
      const values = new Set<string>();
      do values.add(this.value());
      while (this.eat(','));
      this.expect(')');
      return row => values.has(row.fields[field] ?? '');
    }
    if (this.eat('=')) {
      const v = this.string();
      return row => (row.fields[field] ?? '') === v;
    }
    if (this.eat('~')) {
      const re = this.regex(this.string());
      return row => re.test(row.fields[field] ?? '');
    }
    if (this.eat('i(')) {
      const word = this.value();
      this.expect(')');
      return wordFilter(field, word);
    }
    return this.fail('unsupported field filter');
  }

  streamSelector(): Filter {
    const matchers: Filter[] = [];
    do {
      const field = this.name();
      let op: string | undefined;
      for (const candidate of ['=~', '!~', '!=', '=']) {
        if (this.eat(candidate)) {
          op = candidate;
          break;
        }
      }
      if (!op) this.fail('expected =, !=, =~ or !~');
      const v = this.string();
      const re = op.includes('~') ? this.regex(`^(?:${v})$`) : undefined;
      matchers.push(row => {
        const actual = row.stream[field] ?? '';
        const hit = re ? re.test(actual) : actual === v;
        return op!.startsWith('!') ? !hit : hit;
      });
    } while (this.eat(','));
    this.expect('}');
    return row => matchers.every(m => m(row));
  }

  regex(source: string): RegExp {
    try {
      return new RegExp(source);
    } catch (e) {
      return this.fail(`invalid regexp: ${(e as Error).message}`);
    }
  }
}

function wordFilter(field: string, word: string): Filter {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(
    `(^|[^\\p{L}\\p{N}_])${escaped}([^\\p{L}\\p{N}_]|$)`,
    'iu',
  );
  return row => re.test(row.fields[field] ?? '');
}

export function parseLogsQL(text: string): ParsedQuery {
  return new Parser(text).query();
}

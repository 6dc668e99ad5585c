import { InputError } from '@backstage/errors';
import type { KubeObject } from './scenario';

type Requirement = (labels: Record<string, string>) => boolean;

/** Parses a Kubernetes label selector (equality- and set-based). */
export function parseLabelSelector(selector: string): Requirement[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (current.trim()) parts.push(current);
  return parts.map(raw => {
    const part = raw.trim();
    let m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (m) {
      const [, key, op, list] = m;
      const values = list.split(',').map(v => v.trim());
      return op === 'in'
        ? l => key in l && values.includes(l[key])
        : l => !(key in l) || !values.includes(l[key]);
    }
    m = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(part);
    if (m) {
      const [, key, op, value] = m;
      return op === '!=' ? l => l[key] !== value : l => l[key] === value;
    }
    m = /^(!?)([\w./-]+)$/.exec(part);
    if (m) {
      const [, not, key] = m;
      return not ? l => !(key in l) : l => key in l;
    }
    throw new InputError(`unable to parse requirement: "${part}"`);
  });
}

type Field = (o: KubeObject) => unknown;

/**
 * Parses a field selector against the fields the resource supports; like the real API, an
 * unsupported field is an error ("field label not supported"), not a silent match.
 */
export function parseFieldSelector(
  selector: string,
  fields: Record<string, Field>,
): ((o: KubeObject) => boolean)[] {
  return selector
    .split(',')
    .filter(s => s.trim())
    .map(raw => {
      const m = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(raw.trim());
      if (!m) throw new InputError(`invalid field selector: "${raw}"`);
      const [, field, op, value] = m;
      const get = fields[field];
      if (!get) throw new InputError(`field label not supported: ${field}`);
      const text = (o: KubeObject) => {
        const v = get(o);
        return v === undefined || v === null ? '' : String(v);
      };
      return op === '!=' ? o => text(o) !== value : o => text(o) === value;
    });
}

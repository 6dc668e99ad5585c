import { parseEntityRef } from '@backstage/catalog-model';
import { posix } from 'node:path';

/** Lower-case [a-z0-9-] only: no separators, dots or traversal can come from an entity name. */
export function slug(value: string, max = 60): string {
  const s = value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
  return s || 'x';
}

/** `reports/rca/<yyyy>/<mm>/<yyyy-mm-dd>-<entity>-<id>.md`, from the report's window end. */
export function reportPath(options: {
  directory: string;
  entityRef: string;
  id: string;
  at: string;
}): string {
  const { kind, namespace, name } = parseEntityRef(options.entityRef);
  const date = options.at.slice(0, 10);
  const [yyyy, mm] = date.split('-');
  const entity = slug(
    `${kind === 'component' ? '' : `${kind}-`}${
      namespace === 'default' ? '' : `${namespace}-`
    }${name}`,
  );
  const dir = posix
    .normalize(options.directory.replace(/\\/g, '/'))
    .replace(/^(\.\.\/|\/)+/, '')
    .replace(/\/+$/, '');
  return posix.join(
    dir,
    slug(yyyy, 4),
    slug(mm, 2),
    `${slug(date, 10)}-${entity}-${slug(options.id, 40)}.md`,
  );
}

import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/**
 * The part every HTTP source block shares: `url` (validated) and `headers`; undefined when the
 * block is absent or `enabled: false`.
 */
export function readSourceConfig(
  config: Config,
  key: string,
  example: string,
): { c: Config; url: string; headers: Record<string, string> } | undefined {
  const c = config.getOptionalConfig(key);
  if (!c || c.getOptionalBoolean('enabled') === false) return undefined;
  const url = c.getString('url');
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
    throw new InputError(
      `${key}.url must be an absolute URL such as ${example}, got "${url}"`,
    );
  const headers: Record<string, string> = {};
  const h = c.getOptionalConfig('headers');
  for (const name of h?.keys() ?? []) headers[name] = h!.getString(name);
  return { c, url, headers };
}

import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/** Which groups exist. `undefined` means "cannot tell yet". @public */
export interface GroupDirectory {
  has(groupRef: string): Promise<boolean | undefined>;
}

/**
 * The catalog's groups, read with the plugin's own credentials and kept for `refreshMs`. A failed
 * refresh keeps the last good list; before the first success every answer is "cannot tell".
 *
 * @public
 */
export class CatalogGroupDirectory implements GroupDirectory {
  readonly #o: {
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
    refreshMs: number;
  };
  #groups?: Set<string>;
  #loadedAt = 0;
  #loading?: Promise<void>;

  constructor(o: {
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
    refreshMs?: number;
  }) {
    this.#o = { refreshMs: 60_000, ...o };
  }

  async has(groupRef: string): Promise<boolean | undefined> {
    if (Date.now() - this.#loadedAt > this.#o.refreshMs) {
      this.#loading ??= this.#load().finally(() => {
        this.#loading = undefined;
      });
      // Only the first load is waited for; later ones refresh in the background.
      if (!this.#groups) await this.#loading;
    }
    return this.#groups ? this.#groups.has(groupRef) : undefined;
  }

  async #load() {
    try {
      const credentials = await this.#o.auth.getOwnServiceCredentials();
      const groups = new Set<string>();
      let cursor: string | undefined;
      do {
        const page = await this.#o.catalog.queryEntities(
          cursor
            ? { cursor, limit: 1000 }
            : {
                filter: { kind: 'group' },
                fields: ['kind', 'metadata.namespace', 'metadata.name'],
                limit: 1000,
              },
          { credentials },
        );
        for (const e of page.items)
          groups.add(stringifyEntityRef(e).toLowerCase());
        cursor = page.pageInfo.nextCursor;
      } while (cursor);
      this.#groups = groups;
      this.#loadedAt = Date.now();
    } catch (e) {
      // Retry in a few seconds, not at once, so a catalog outage is not hammered.
      this.#loadedAt = Date.now() - this.#o.refreshMs + 5_000;
      this.#o.logger.warn(
        `namespace policy: could not read the catalog's groups (${
          (e as Error).message
        }); ${
          this.#groups
            ? 'keeping the last list'
            : 'owners are not checked against the catalog yet'
        }`,
      );
    }
  }
}

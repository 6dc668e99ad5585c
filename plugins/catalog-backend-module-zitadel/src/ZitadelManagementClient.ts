import {
  ForwardedError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { TokenSource } from './tokenSource';

export interface ZitadelUser {
  id: string;
  userName: string;
  preferredLoginName?: string;
  state?: string;
  human?: {
    profile?: { firstName?: string; lastName?: string; displayName?: string };
    email?: { email?: string; isEmailVerified?: boolean };
  };
}

export interface ZitadelProjectRole {
  key: string;
  displayName?: string;
  group?: string;
}

export interface ZitadelUserGrant {
  id: string;
  userId: string;
  roleKeys?: string[];
  orgId?: string;
  projectId?: string;
  state?: string;
}

/** An error naming the call, the status and ZITADEL's own message (grpc-gateway body). */
async function zitadelError(res: Response, where: string): Promise<Error> {
  let detail = '';
  try {
    detail = String((await res.json()).message ?? '');
  } catch {
    // Not JSON (a proxy in between): the status says enough.
  }
  const message = `${where} answered ${res.status}${
    detail ? `: ${detail}` : ''
  }`;
  if (res.status === 401 || res.status === 403) {
    return new NotAllowedError(message);
  }
  if (res.status === 404) return new NotFoundError(message);
  if (res.status === 400) return new InputError(message);
  return new ServiceUnavailableError(message);
}

/** The Management API v1 list calls the sync needs, paged with `query.offset`/`limit`. */
export class ZitadelManagementClient {
  constructor(
    private readonly o: {
      baseUrl: string;
      tokens: TokenSource;
      pageSize: number;
    },
  ) {}

  /** One call with the bearer token; errors name the call, never the token. */
  private async call<T>(
    method: 'GET' | 'POST',
    path: string,
    o: { body?: Record<string, unknown>; orgId?: string } = {},
  ): Promise<T> {
    const res = await fetch(`${this.o.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await this.o.tokens.token()}`,
        ...(o.body && { 'content-type': 'application/json' }),
        ...(o.orgId && { 'x-zitadel-orgid': o.orgId }),
      },
      body: o.body && JSON.stringify(o.body),
    }).catch(e => {
      throw new ForwardedError(`ZITADEL at ${this.o.baseUrl} unreachable`, e);
    });
    if (!res.ok) {
      const where = `ZITADEL ${method} ${path}${
        o.orgId ? ` (org ${o.orgId})` : ''
      }`;
      throw await zitadelError(res, where);
    }
    return (await res.json()) as T;
  }

  private async search<T>(
    path: string,
    body: Record<string, unknown>,
    orgId?: string,
  ): Promise<T[]> {
    const items: T[] = [];
    for (let offset = 0; ; ) {
      const page = await this.call<{
        details?: { totalResult?: string };
        result?: T[];
      }>('POST', path, {
        orgId,
        body: {
          ...body,
          query: { offset: String(offset), limit: this.o.pageSize, asc: true },
        },
      });
      const result = page.result ?? [];
      items.push(...result);
      offset += result.length;
      const total = Number(page.details?.totalResult ?? 0);
      if (result.length === 0 || offset >= total) return items;
    }
  }

  /** The service account's own organization. */
  async getMyOrg(): Promise<{ id: string; name?: string }> {
    const { org } = await this.call<{ org: { id: string; name?: string } }>(
      'GET',
      '/management/v1/orgs/me',
    );
    return org;
  }

  listHumanUsers(orgId?: string) {
    return this.search<ZitadelUser>(
      '/management/v1/users/_search',
      {
        sortingColumn: 'USER_FIELD_NAME_USER_NAME',
        queries: [
          { typeQuery: { type: 'TYPE_HUMAN' } },
          { stateQuery: { state: 'USER_STATE_ACTIVE' } },
        ],
      },
      orgId,
    );
  }

  listProjectRoles(projectId: string, orgId?: string) {
    return this.search<ZitadelProjectRole>(
      `/management/v1/projects/${encodeURIComponent(projectId)}/roles/_search`,
      {},
      orgId,
    );
  }

  listUserGrants(projectId: string, orgId?: string) {
    return this.search<ZitadelUserGrant>(
      '/management/v1/users/grants/_search',
      {
        queries: [
          { projectIdQuery: { projectId } },
          { userTypeQuery: { type: 'TYPE_HUMAN' } },
        ],
      },
      orgId,
    );
  }
}

import { createPublicKey, randomBytes } from 'node:crypto';
import { InputError } from '@backstage/errors';
import { jwtVerify } from 'jose';
import type {
  StandInOrg,
  StandInServiceAccount,
  StandInUser,
  ZitadelDirectory,
} from './directory';

/** What a Management API handler answers: status and a JSON body. */
export interface ApiResponse {
  status: number;
  body: unknown;
}

/** grpc-gateway's error body, as ZITADEL sends it. */
export function grpcError(status: number, message: string, id: string) {
  const codes: Record<number, number> = {
    400: 3,
    401: 16,
    403: 7,
    404: 5,
    409: 6,
    500: 13,
  };
  return {
    status,
    body: {
      code: codes[status] ?? 2,
      message: `${message} (${id})`,
      details: [
        {
          '@type': 'type.googleapis.com/zitadel.v1.ErrorDetail',
          id,
          message,
        },
      ],
    },
  };
}

const MAX_LIMIT = 1000;

type Query = { offset?: string; limit?: number | string; asc?: boolean };

function page<T>(items: T[], query: Query | undefined) {
  const offset = Number(query?.offset ?? 0);
  const limit = Number(query?.limit ?? MAX_LIMIT) || MAX_LIMIT;
  return {
    details: {
      totalResult: String(items.length),
      processedSequence: '1',
      viewTimestamp: new Date().toISOString(),
    },
    result: items.slice(offset, offset + limit),
  };
}

function details(id: string, orgId: string) {
  return {
    sequence: '1',
    creationDate: '2026-01-01T00:00:00Z',
    changeDate: '2026-01-01T00:00:00Z',
    resourceOwner: orgId,
    id,
  };
}

function userView(u: StandInUser) {
  const base = {
    id: u.id,
    details: details(u.id, u.orgId),
    state: u.state ?? 'USER_STATE_ACTIVE',
    userName: u.userName,
    loginNames: [u.userName],
    preferredLoginName: u.userName,
  };
  if (u.type === 'TYPE_MACHINE') {
    return {
      ...base,
      machine: { name: u.userName, description: '', hasSecret: false },
    };
  }
  return {
    ...base,
    human: {
      profile: {
        firstName: u.firstName,
        lastName: u.lastName,
        displayName: `${u.firstName} ${u.lastName}`,
        preferredLanguage: 'en',
      },
      email: { email: u.email, isEmailVerified: u.emailVerified ?? true },
    },
  };
}

/**
 * The Management API v1 paths the catalog sync reads, and the JWT profile grant
 * (`urn:ietf:params:oauth:grant-type:jwt-bearer`) that turns a service account key into a token.
 */
export class ManagementApi {
  private readonly issued = new Map<string, StandInServiceAccount>();

  constructor(
    private readonly dir: ZitadelDirectory,
    private readonly issuer: () => string,
  ) {}

  /** JWT profile grant: verifies the assertion with the account's registered public key. */
  async jwtProfileGrant(form: URLSearchParams): Promise<ApiResponse> {
    const assertion = form.get('assertion') ?? '';
    const header = JSON.parse(
      Buffer.from(assertion.split('.')[0] ?? '', 'base64url').toString() ||
        '{}',
    );
    const account = this.dir.serviceAccounts.find(
      a => a.keys?.[header.kid] !== undefined,
    );
    if (!account) {
      return {
        status: 400,
        body: { error: 'invalid_grant', error_description: 'unknown key' },
      };
    }
    try {
      const key = createPublicKey(account.keys![header.kid]);
      const { payload } = await jwtVerify(assertion, key, {
        issuer: account.userId,
        subject: account.userId,
        audience: this.issuer(),
      });
      if ((payload.exp ?? 0) - (payload.iat ?? 0) > 3600) {
        throw new InputError('assertion lifetime above one hour');
      }
    } catch (e) {
      return {
        status: 400,
        body: {
          error: 'invalid_grant',
          error_description: `assertion invalid: ${(e as Error).message}`,
        },
      };
    }
    const token = randomBytes(24).toString('base64url');
    this.issued.set(token, account);
    return {
      status: 200,
      body: { access_token: token, token_type: 'Bearer', expires_in: 43199 },
    };
  }

  handle(
    method: string,
    path: string,
    headers: Record<string, string | string[] | undefined>,
    body: any,
  ): ApiResponse {
    const bearer = /^Bearer (.+)$/i.exec(String(headers.authorization ?? ''));
    const account =
      bearer &&
      (this.issued.get(bearer[1]) ??
        this.dir.serviceAccounts.find(a => a.pats?.includes(bearer[1])));
    if (!account) return grpcError(401, 'Token is invalid', 'AUTH-7fs1e');
    const orgId = String(headers['x-zitadel-orgid'] ?? account.orgId);
    const org = this.dir.orgs.find(o => o.id === orgId);
    if (!org) return grpcError(404, 'Organisation not found', 'ORG-Bfds3');
    if (!account.instanceWide && orgId !== account.orgId) {
      return grpcError(403, 'No matching permissions found', 'AUTH-5mWD2');
    }

    if (method === 'GET' && path === '/management/v1/orgs/me') {
      return {
        status: 200,
        body: {
          org: {
            id: org.id,
            name: org.name,
            primaryDomain: org.domain,
            state: 'ORG_STATE_ACTIVE',
            details: details(org.id, org.id),
          },
        },
      };
    }
    if (method === 'POST' && path === '/management/v1/users/_search') {
      return this.searchUsers(orgId, body);
    }
    const roles = /^\/management\/v1\/projects\/([^/]+)\/roles\/_search$/.exec(
      path,
    );
    if (method === 'POST' && roles) {
      return this.searchRoles(roles[1], orgId, body);
    }
    if (method === 'POST' && path === '/management/v1/users/grants/_search') {
      return this.searchGrants(org, body);
    }
    return grpcError(404, 'Not Found', 'HTTP-404');
  }

  private searchUsers(orgId: string, body: any): ApiResponse {
    if (Number(body?.query?.limit ?? 0) > MAX_LIMIT) {
      return grpcError(400, 'Limit too high', 'QUERY-4M0fs');
    }
    const type = findQuery(body, 'typeQuery')?.type;
    const state = findQuery(body, 'stateQuery')?.state;
    const users = this.dir.users
      .filter(u => u.orgId === orgId)
      .filter(u => !type || (u.type ?? 'TYPE_HUMAN') === type)
      .filter(u => !state || (u.state ?? 'USER_STATE_ACTIVE') === state)
      .sort((a, b) => a.userName.localeCompare(b.userName))
      .map(userView);
    return { status: 200, body: page(users, body?.query) };
  }

  private searchRoles(
    projectId: string,
    orgId: string,
    body: any,
  ): ApiResponse {
    const project = this.dir.projects.find(
      p => p.id === projectId && p.orgId === orgId,
    );
    if (!project) return grpcError(404, 'Project not found', 'PROJECT-3M9sd');
    const result = project.roles.map(r => ({
      key: r.key,
      displayName: r.displayName ?? r.key,
      group: r.group ?? '',
      details: details(r.key, orgId),
    }));
    return { status: 200, body: page(result, body?.query) };
  }

  private searchGrants(org: StandInOrg, body: any): ApiResponse {
    const orgId = org.id;
    const projectId = findQuery(body, 'projectIdQuery')?.projectId;
    const userType = findQuery(body, 'userTypeQuery')?.type;
    const grants = this.dir.grants
      .filter(g => g.orgId === orgId)
      .filter(g => !projectId || g.projectId === projectId)
      .flatMap(g => {
        const user = this.dir.users.find(u => u.id === g.userId);
        const project = this.dir.projects.find(p => p.id === g.projectId);
        if (!user || !project) return [];
        if (userType && (user.type ?? 'TYPE_HUMAN') !== userType) return [];
        return [
          {
            id: g.id,
            details: details(g.id, orgId),
            roleKeys: g.roleKeys,
            state: 'USER_GRANT_STATE_ACTIVE',
            userId: user.id,
            userName: user.userName,
            firstName: user.firstName,
            lastName: user.lastName,
            email: user.email,
            displayName: `${user.firstName} ${user.lastName}`,
            orgId,
            orgName: org.name,
            orgDomain: org.domain,
            projectId: project.id,
            projectName: project.name,
            preferredLoginName: user.userName,
            userType: user.type ?? 'TYPE_HUMAN',
          },
        ];
      });
    return { status: 200, body: page(grants, body?.query) };
  }
}

function findQuery(body: any, key: string): any {
  return (body?.queries ?? []).find((q: any) => q && key in q)?.[key];
}

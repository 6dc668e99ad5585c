import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { NotFoundError } from '@backstage/errors';
import {
  decodeJwt,
  exportJWK,
  generateKeyPair,
  type JWK,
  type KeyLike,
  SignJWT,
} from 'jose';
import type { ZitadelDirectory } from './directory';
import { grpcError, ManagementApi } from './managementApi';
import { createOidcProvider, LOGIN_PATH, ZITADEL_ROUTES } from './oidcProvider';

/** Ways the token endpoint can spoil the ID token it returns, for rejection tests. */
export type IdTokenFault =
  | 'wrong-audience'
  | 'wrong-issuer'
  | 'expired'
  | 'tampered'
  | 'foreign-key';

/** A failure the Management API answers instead of the real response. */
export interface ManagementFault {
  /** Path prefix, e.g. `/management/v1/users/_search`. */
  path: string;
  status: number;
  /** Matching calls to let through first (e.g. 1 = fail the second page). */
  after?: number;
  /** How many calls fail; default for ever. */
  times?: number;
}

export interface ManagementCall {
  method: string;
  path: string;
  orgId?: string;
  authorization?: string;
  body: any;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]!),
  );

/**
 * A local ZITADEL: OIDC sign-in through a real OpenID provider and the Management API v1
 * subset the catalog sync reads, over one directory of orgs, users, projects and grants.
 * Start with `oidc: false` where only the Management API is needed (no ESM import).
 */
export class ZitadelStandIn {
  readonly managementCalls: ManagementCall[] = [];
  readonly loginAttempts: string[] = [];
  private readonly faults: Array<ManagementFault & { seen: number }> = [];
  private idTokenFault?: IdTokenFault;
  private provider?: any;
  private readonly api: ManagementApi;

  private constructor(
    private readonly server: Server,
    readonly directory: ZitadelDirectory,
    private readonly key: { privateKey: KeyLike; jwk: JWK },
    private readonly withOidc: boolean,
  ) {
    this.api = new ManagementApi(directory, () => this.url);
  }

  static async start(o: {
    directory: ZitadelDirectory;
    oidc?: boolean;
    port?: number;
    host?: string;
  }): Promise<ZitadelStandIn> {
    const { privateKey } = await generateKeyPair('RS256', {
      extractable: true,
    });
    const jwk = {
      ...(await exportJWK(privateKey)),
      kid: 'standin-1',
      alg: 'RS256',
      use: 'sig',
    };
    const server = createServer();
    const standIn = new ZitadelStandIn(
      server,
      o.directory,
      { privateKey, jwk },
      o.oidc ?? true,
    );
    server.on('request', (req, res) => {
      standIn.route(req, res).catch(e => {
        if (!res.headersSent) sendJson(res, 500, { error: String(e) });
        else res.end();
      });
    });
    await new Promise<void>(resolve =>
      server.listen(o.port ?? 0, o.host ?? '127.0.0.1', resolve),
    );
    await standIn.rebuildProvider();
    return standIn;
  }

  /** The issuer: the instance URL without a path, as ZITADEL's. */
  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  get metadataUrl(): string {
    return `${this.url}/.well-known/openid-configuration`;
  }

  /** Registers the redirect URIs of an application; sessions start afresh. */
  async setRedirectUris(clientId: string, uris: string[]) {
    const client = this.directory.clients.find(c => c.clientId === clientId);
    if (!client) throw new NotFoundError(`no client ${clientId}`);
    client.redirectUris = uris;
    await this.rebuildProvider();
  }

  setIdTokenFault(fault: IdTokenFault | undefined) {
    this.idTokenFault = fault;
  }

  addManagementFault(fault: ManagementFault) {
    this.faults.push({ ...fault, seen: 0 });
  }

  clearManagementFaults() {
    this.faults.length = 0;
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise(resolve => this.server.close(resolve));
  }

  private async rebuildProvider() {
    if (!this.withOidc) return;
    const provider = await createOidcProvider({
      issuer: this.url,
      directory: this.directory,
      signingKey: this.key.jwk,
    });
    provider.use(async (ctx: any, next: () => Promise<void>) => {
      await next();
      if (
        ctx.path === ZITADEL_ROUTES.token &&
        ctx.status === 200 &&
        ctx.body?.id_token
      ) {
        let idToken = await this.withProjectAudience(
          ctx.body.id_token,
          ctx.body.scope,
        );
        if (this.idTokenFault)
          idToken = await this.spoil(idToken, this.idTokenFault);
        ctx.body = { ...ctx.body, id_token: idToken };
      }
    });
    this.provider = provider;
  }

  /**
   * As ZITADEL does: each project asked for with the scope
   * `urn:zitadel:iam:org:project:id:<id>:aud` joins the client in the ID token's audience, and
   * `azp` names the client (the party the token was issued to).
   */
  private async withProjectAudience(
    idToken: string,
    scope: string | undefined,
  ): Promise<string> {
    const asked = new Set((scope ?? '').split(' '));
    const projects = this.directory.projects
      .map(p => p.id)
      .filter(id => asked.has(`urn:zitadel:iam:org:project:id:${id}:aud`));
    if (!projects.length) return idToken;
    const claims = decodeJwt(idToken);
    const client = String(claims.aud);
    return new SignJWT({ ...claims, aud: [client, ...projects], azp: client })
      .setProtectedHeader({ alg: 'RS256', kid: this.key.jwk.kid })
      .sign(this.key.privateKey);
  }

  private async spoil(idToken: string, fault: IdTokenFault): Promise<string> {
    const claims = decodeJwt(idToken);
    const now = Math.floor(Date.now() / 1000);
    const sign = (
      payload: Record<string, unknown>,
      key = this.key.privateKey,
    ) =>
      new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid: this.key.jwk.kid })
        .sign(key);
    switch (fault) {
      case 'wrong-audience':
        return sign({ ...claims, aud: 'some-other-application' });
      case 'wrong-issuer':
        return sign({ ...claims, iss: 'https://evil.example.com' });
      case 'expired':
        return sign({ ...claims, iat: now - 7200, exp: now - 3600 });
      case 'foreign-key': {
        const other = await generateKeyPair('RS256');
        return sign(claims, other.privateKey);
      }
      default: {
        // Claims changed after signing: the signature no longer matches.
        const [h, , s] = idToken.split('.');
        const forged = Buffer.from(
          JSON.stringify({ ...claims, sub: 'someone-else' }),
        ).toString('base64url');
        return `${h}.${forged}.${s}`;
      }
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', this.url);
    if (url.pathname.startsWith('/management/')) {
      await this.management(req, res, url.pathname);
      return;
    }
    if (req.method === 'POST' && url.pathname === ZITADEL_ROUTES.token) {
      const raw = await readBody(req);
      const form = new URLSearchParams(raw);
      if (
        form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:jwt-bearer'
      ) {
        const r = await this.api.jwtProfileGrant(form);
        sendJson(res, r.status, r.body);
        return;
      }
      // Already read: oidc-provider takes the parsed body from req.body.
      (req as any).body = raw;
    }
    if (!this.provider) {
      sendJson(res, 404, { error: 'OIDC is not enabled on this stand-in' });
      return;
    }
    if (url.pathname === LOGIN_PATH) {
      await this.login(req, res, url);
      return;
    }
    this.provider.callback()(req, res);
  }

  private async management(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
  ) {
    const raw = await readBody(req);
    const body = raw ? JSON.parse(raw) : {};
    this.managementCalls.push({
      method: req.method ?? 'GET',
      path,
      orgId: req.headers['x-zitadel-orgid'] as string | undefined,
      authorization: req.headers.authorization,
      body,
    });
    const fault = this.faults.find(f => path.startsWith(f.path));
    if (fault) {
      fault.seen += 1;
      const after = fault.after ?? 0;
      const active =
        fault.seen > after &&
        (fault.times === undefined || fault.seen <= after + fault.times);
      if (active) {
        const e =
          fault.status === 401
            ? grpcError(401, 'Token is invalid', 'AUTH-7fs1e')
            : grpcError(fault.status, 'Errors.Internal', 'QUERY-Dfbg2');
        sendJson(res, e.status, e.body);
        return;
      }
    }
    const r = this.api.handle(req.method ?? 'GET', path, req.headers, body);
    sendJson(res, r.status, r.body);
  }

  /** ZITADEL's hosted login page, reduced to login name and password. */
  private async login(req: IncomingMessage, res: ServerResponse, url: URL) {
    const provider = this.provider;
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<form method="post" action="${LOGIN_PATH}?authRequestID=${escapeHtml(
          details.uid,
        )}"><input name="loginName"><input name="password" type="password"><button>Next</button></form>`,
      );
      return;
    }
    const form = new URLSearchParams(await readBody(req));
    const loginName = form.get('loginName') ?? '';
    this.loginAttempts.push(loginName);
    const user = this.directory.users.find(
      u =>
        (u.userName === loginName || u.email === loginName) &&
        u.password !== undefined &&
        u.password === form.get('password') &&
        (u.state ?? 'USER_STATE_ACTIVE') === 'USER_STATE_ACTIVE',
    );
    if (!user) {
      res.writeHead(401, { 'content-type': 'text/html' });
      res.end(
        `<p>Username or password is incorrect (${escapeHtml(
          url.pathname,
        )})</p>`,
      );
      return;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: user.id } },
      { mergeWithLastSubmission: false },
    );
  }
}

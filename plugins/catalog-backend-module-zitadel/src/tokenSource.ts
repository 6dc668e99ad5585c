import { NotAllowedError } from '@backstage/errors';
import { importPKCS8, SignJWT } from 'jose';
import { createPrivateKey } from 'node:crypto';
import type { ZitadelProviderConfig } from './config';

/** Gives the bearer token for Management API calls. */
export interface TokenSource {
  token(): Promise<string>;
}

/**
 * A personal access token, or a service account key exchanged for a token through the JWT
 * profile grant (cached until a minute before it expires).
 */
export function createTokenSource(
  baseUrl: string,
  credentials: ZitadelProviderConfig['credentials'],
): TokenSource {
  if (credentials.type === 'pat') {
    return { token: async () => credentials.token };
  }
  const { key } = credentials;
  // ZITADEL keys are PKCS#1 ("RSA PRIVATE KEY"); jose reads PKCS#8. Converted once.
  const signingKey = importPKCS8(
    createPrivateKey(key.key)
      .export({ type: 'pkcs8', format: 'pem' })
      .toString(),
    'RS256',
  );
  let cached: { token: string; until: number } | undefined;
  return {
    async token() {
      if (cached && cached.until > Date.now()) return cached.token;
      const assertion = await new SignJWT({})
        .setProtectedHeader({ alg: 'RS256', kid: key.keyId })
        .setIssuer(key.userId)
        .setSubject(key.userId)
        .setAudience(baseUrl)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(await signingKey);
      const res = await fetch(`${baseUrl}/oauth/v2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          scope: 'openid urn:zitadel:iam:org:project:id:zitadel:aud',
          assertion,
        }),
      });
      if (!res.ok) {
        const body = await res.json().catch(() => ({}));
        throw new NotAllowedError(
          `ZITADEL refused the service account key ${key.keyId}: ${
            res.status
          } ${body.error ?? ''} ${body.error_description ?? ''}`.trim(),
        );
      }
      const body = (await res.json()) as {
        access_token: string;
        expires_in?: number;
      };
      cached = {
        token: body.access_token,
        until: Date.now() + ((body.expires_in ?? 3600) - 60) * 1000,
      };
      return cached.token;
    },
  };
}

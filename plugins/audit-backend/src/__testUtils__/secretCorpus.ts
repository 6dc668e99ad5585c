import { randomBytes } from 'node:crypto';

export interface PlantedRequest {
  kind: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: unknown;
  /** The planted secret: it must not appear anywhere the audit trail goes. */
  secret: string;
}

const alnum = (n: number) =>
  randomBytes(n * 2)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, n);
/** A PEM block around `body`, assembled so secret scanners do not flag this file. */
const pem = (kind: string, body: string) => {
  const line = (edge: string) =>
    `-----${edge} ${kind} ${'PRIVATE'} ${'KEY'}-----`;
  return `${line('BEGIN')}\n${body}\n${line('END')}`;
};
const b64url = (o: object) =>
  Buffer.from(JSON.stringify(o)).toString('base64url');

/** Every way a secret reaches an API in practice, one generator per place. */
const kinds: Array<(i: number) => Omit<PlantedRequest, 'kind'>> = [
  // Authorization header of a call to a third-party proxy path, echoed in a body field
  i => {
    const secret = `${b64url({ alg: 'RS256' })}.${b64url({
      sub: `u${i}`,
      n: alnum(12),
    })}.${alnum(43)}`;
    return {
      method: 'POST',
      path: `/api/emitter/things/h${i}`,
      headers: { 'x-upstream-authorization': `Bearer ${secret}` },
      body: { forwarded: { authorization: `Bearer ${secret}` } },
      secret,
    };
  },
  // Cookies: header and a body that copies them
  i => {
    const secret = alnum(32);
    return {
      method: 'POST',
      path: `/api/emitter/things/c${i}`,
      headers: { cookie: `backstage-session=${secret}; theme=dark` },
      body: {
        cookies: { session: secret },
        setCookie: [`sid=${secret}; HttpOnly`],
      },
      secret,
    };
  },
  // Nested JSON with sensitive keys
  i => {
    const secret = `pw-${alnum(20)}`;
    return {
      method: 'POST',
      path: `/api/emitter/things/n${i}`,
      headers: {},
      body: {
        user: 'jane',
        settings: {
          database: { host: 'db', credentials: { password: secret } },
        },
      },
      secret,
    };
  },
  // Arrays of objects and of name/value pairs
  i => {
    const secret = `sk-${alnum(40)}`;
    return {
      method: 'POST',
      path: `/api/emitter/things/a${i}`,
      headers: {},
      body: {
        env: [
          { name: 'LOG_LEVEL', value: 'info' },
          { name: 'OPENAI_API_KEY', value: secret },
        ],
        keys: [['x', secret]],
      },
      secret,
    };
  },
  // Query strings with sensitive parameter names
  i => {
    const secret = alnum(28);
    return {
      method: 'GET',
      path: `/api/emitter/things?q=pods&access_token=${secret}&page=${i}`,
      headers: {},
      secret,
    };
  },
  // Credentials in URLs inside bodies
  i => {
    const secret = `S3c!${alnum(16)}`;
    return {
      method: 'POST',
      path: `/api/emitter/things/u${i}`,
      headers: {},
      body: {
        repo: `https://ci-bot:${encodeURIComponent(
          secret,
        )}@git.example.com/team/app.git`,
        mirror: `postgres://app:${encodeURIComponent(secret)}@db:5432/app`,
      },
      secret,
    };
  },
  // Error messages quoting a secret (500, message and stack in the error body)
  i => {
    const secret = alnum(24);
    return {
      method: 'POST',
      path: '/api/emitter/fail',
      headers: {},
      body: {
        message: `connect failed for client_secret=${secret} (attempt ${i})`,
      },
      secret,
    };
  },
  // Stack-trace-like text in a field
  i => {
    const secret = `ghp_${alnum(36)}`;
    return {
      method: 'POST',
      path: `/api/emitter/things/s${i}`,
      headers: {},
      body: {
        log: `Error: push rejected\n    at push (git.js:10:3) token ${secret}\n    at main (index.js:1:1)`,
      },
      secret,
    };
  },
  // Key formats in free text under innocent keys
  i => {
    const secret = `AKIA${alnum(16).toUpperCase()}`;
    return {
      method: 'POST',
      path: `/api/emitter/things/k${i}`,
      headers: {},
      body: {
        note: `rotate ${secret} before friday`,
        list: ['a', { comment: `old key ${secret}` }],
      },
      secret,
    };
  },
  // A JWT as a plain value
  i => {
    const secret = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({
      sub: `svc${i}`,
      scope: 'all',
    })}.${alnum(43)}`;
    return {
      method: 'POST',
      path: `/api/emitter/things/j${i}`,
      headers: {},
      body: { data: secret, items: [{ blob: secret }] },
      secret,
    };
  },
  // A private key
  i => {
    const secret = alnum(64);
    return {
      method: 'POST',
      path: `/api/emitter/things/p${i}`,
      headers: {},
      body: {
        deployKey: pem('OPENSSH', secret),
        config: pem('RSA', secret),
      },
      secret,
    };
  },
  // Secrets in the path and in form-like text (a webhook URL with a signature)
  i => {
    const secret = alnum(30);
    return {
      method: 'POST',
      path: `/api/emitter/things/w${i}?signature=${secret}`,
      headers: {},
      body: {
        callback: `https://hooks.example.com/x?sig=${secret}&v=1`,
        form: `user=jane&password=${secret}`,
      },
      secret,
    };
  },
];

/** `perKind` payloads of each kind (12 kinds), each with its own random secret. */
export function secretCorpus(perKind = 20): PlantedRequest[] {
  const out: PlantedRequest[] = [];
  for (let i = 0; i < perKind; i++)
    kinds.forEach((make, k) => out.push({ kind: `k${k}`, ...make(i) }));
  return out;
}

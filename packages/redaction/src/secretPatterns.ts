/**
 * THE catalog of secret-shaped text: every redaction in the repository (LLM client errors and
 * logs, RCA evidence and reports, the audit trail and the root logger) uses this list.
 */

/** One kind of secret and how to find it. @public */
export interface SecretPattern {
  /** Stable kebab-case id, used in test names. */
  readonly name: string;
  /** What it catches, in a sentence. */
  readonly catches: string;
  /**
   * Regular expression source, matched case-insensitively as one alternative of `SECRET_TEXT`.
   * Text in a `(?<keep>…)` group stays before the mark; `(?<scheme>…)` holds an auth scheme that
   * is kept only when asked (`keepScheme`). No other capturing groups. It may not consume an
   * unescaped quote nor half an escape sequence, so redacting JSON text keeps it JSON.
   */
  readonly source: string;
  /**
   * Regular expression source of text every match contains (case-insensitive): a text without
   * any pattern's hint is not scanned at all (`SECRET_HINT`).
   */
  readonly hint: string;
  /** A fake sample in context, and the part of it that must disappear. Drives the tests. */
  readonly example: { readonly text: string; readonly secret: string };
  /** Where the format is described publicly. */
  readonly docs?: string;
}

/** Names whose `name=value` / `name: value` is a credential in free text. */
const SECRET_NAMES =
  'password|passwd|pwd|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|session(?:[_-]?id)?|sid|authorization|cookie|credentials?';

/** Query parameter names whose value is a secret (OAuth codes and URL signatures included). */
export const SECRET_QUERY_NAMES =
  'password|passwd|pwd|secret|token|key|signature|sig|session|credential|auth|code|jwt';

const AUTH_SCHEMES = 'Bearer|Basic|Token|Digest';

// Example secrets are assembled at run time, so secret scanners do not take this file for a leak.
const fake = (...parts: string[]) => parts.join('');
const ALNUM = 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0u1V2w3X4y5Z6';
/** `n` deterministic letters and digits. */
const chars = (n: number) =>
  ALNUM.repeat(Math.ceil(n / ALNUM.length)).slice(0, n);
const pemLine = (edge: string) =>
  fake('-----', edge, ' EC PRIVATE', ' KEY-----');
const PEM_BODY = fake('MHcCAQEEIFake', chars(40));
const JWT = fake(
  'eyJhbGciOiJIUzI1NiJ9.',
  'eyJzdWIiOiJ1c2VyOmRlZmF1bHQvamFuZSJ9.',
  'ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3Rz',
);

/**
 * The catalog. Order matters only where two patterns start at the same character: the earlier
 * one wins (a `Cookie:` header before a generic `cookie=` pair, key formats before a `name=`
 * pair that could keep them in its name).
 *
 * @public
 */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    name: 'private-key',
    catches: 'PEM private keys (RSA, EC, OpenSSH, PKCS#8), also JSON-escaped',
    source: String.raw`-----BEGIN [A-Z ]*PRIVATE KEY-----(?:[^"\\]|\\.)*?-----END [A-Z ]*PRIVATE KEY-----`,
    hint: 'private key',
    example: {
      text: fake(
        'loaded ',
        pemLine('BEGIN'),
        '\n',
        PEM_BODY,
        '\n',
        pemLine('END'),
      ),
      secret: PEM_BODY,
    },
    docs: 'https://www.rfc-editor.org/rfc/rfc7468',
  },
  {
    name: 'jwt',
    catches:
      'JSON Web Tokens (header.payload.signature; the signature may be empty for alg "none")',
    source: String.raw`\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*`,
    hint: 'eyj',
    example: { text: `rejected ${JWT} (expired)`, secret: JWT },
    docs: 'https://www.rfc-editor.org/rfc/rfc7519',
  },
  {
    name: 'url-credentials',
    catches:
      'credentials in URLs, scheme://user:password@host or scheme://token@host',
    source: String.raw`(?<keep>\b[a-z][a-z0-9+.-]{0,20}://)[^\s/?#@"'<>\\]+(?=@)`,
    hint: '://',
    example: {
      text: fake(
        'fetch postgres://app:',
        'Ex4mplePassw0rd',
        '@db:5432/orders failed',
      ),
      secret: 'Ex4mplePassw0rd',
    },
    docs: 'https://www.rfc-editor.org/rfc/rfc3986#section-3.2.1',
  },
  {
    name: 'query-parameter',
    catches:
      'values of query parameters with sensitive names (access_token, code, sig, api_key…)',
    source: String.raw`(?<keep>[?&;][^=&#\s"'\\]*(?:${SECRET_QUERY_NAMES})[^=&#\s"'\\]*=)[^&#\s"'<>\\]+`,
    hint: SECRET_QUERY_NAMES,
    example: {
      text: fake(
        'GET /oauth/callback?state=ok&code=',
        '4/0AX4XfWhExample42',
        ' 302',
      ),
      secret: '4/0AX4XfWhExample42',
    },
    docs: 'https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2',
  },
  {
    name: 'cookie-header',
    catches:
      'a pasted Cookie / Set-Cookie header: every cookie in it is a credential, so the whole value goes',
    source: String.raw`(?<keep>\b(?:Set-)?Cookie["']?\s*:\s*["']?)(?:[^\s"\\]|\\.)(?:[^\r\n"\\]|\\.)*`,
    hint: 'cookie',
    example: {
      text: fake(
        'Cookie: theme=dark; backstage-session=',
        'Q2xvdWRTZXNzaW9uRXhhbXBsZQ',
      ),
      secret: 'Q2xvdWRTZXNzaW9uRXhhbXBsZQ',
    },
    docs: 'https://www.rfc-editor.org/rfc/rfc6265#section-5.4',
  },
  {
    name: 'auth-scheme',
    catches:
      'a credential after an HTTP auth scheme; it must hold a digit or symbol, so prose ("Basic setup") stays',
    source: String.raw`(?<keep>\b(?:${AUTH_SCHEMES})\s+)(?=[A-Za-z0-9._~+/=-]*[0-9._~+/=-])[A-Za-z0-9._~+/=-]{6,}`,
    hint: AUTH_SCHEMES,
    example: {
      text: fake(
        'proxy sent Basic ',
        'dXNlcjpleGFtcGxlUGFzczEyMw==',
        ' upstream',
      ),
      secret: 'dXNlcjpleGFtcGxlUGFzczEyMw==',
    },
    docs: 'https://www.rfc-editor.org/rfc/rfc9110#section-11.6.2',
  },
  {
    name: 'bearer-token',
    catches: 'a Bearer token of 8 or more characters, letters only included',
    source: String.raw`(?<keep>\bBearer\s+)[A-Za-z0-9._~+/=-]{8,}`,
    hint: 'bearer',
    example: {
      text: fake('retrying with Bearer ', 'opaqueTokenWithOnlyLetters'),
      secret: 'opaqueTokenWithOnlyLetters',
    },
    docs: 'https://www.rfc-editor.org/rfc/rfc6750#section-2.1',
  },
  {
    name: 'openai-api-key',
    catches: 'OpenAI-style keys (sk-…, sk-proj-…, and Anthropic sk-ant-…)',
    source: String.raw`\bsk-[A-Za-z0-9_-]{8,}`,
    hint: 'sk-',
    example: {
      text: fake('old key ', 'sk-', 'proj-', chars(24), ' revoked'),
      secret: fake('sk-', 'proj-', chars(24)),
    },
    docs: 'https://platform.openai.com/docs/api-reference/authentication',
  },
  {
    name: 'stripe-api-key',
    catches:
      'Stripe secret and restricted keys (sk_live_, sk_test_, rk_live_, rk_test_)',
    source: String.raw`\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}`,
    hint: 'sk_|rk_',
    example: {
      text: fake('charge failed with ', 'rk', '_live_', chars(24)),
      secret: fake('rk', '_live_', chars(24)),
    },
    docs: 'https://docs.stripe.com/keys',
  },
  {
    name: 'github-token',
    catches:
      'GitHub classic, OAuth, user-to-server, server-to-server and refresh tokens (ghp_, gho_, ghu_, ghs_, ghr_)',
    source: String.raw`\bgh[pousr]_[A-Za-z0-9]{20,}`,
    hint: 'gh[pousr]_',
    example: {
      text: fake('push rejected for ', 'ghp', '_', chars(36)),
      secret: fake('ghp', '_', chars(36)),
    },
    docs: 'https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/',
  },
  {
    name: 'github-fine-grained-pat',
    catches: 'GitHub fine-grained personal access tokens (github_pat_)',
    source: String.raw`\bgithub_pat_[A-Za-z0-9_]{22,}`,
    hint: 'github_pat_',
    example: {
      text: fake(
        'CI used ',
        'github',
        '_pat_',
        chars(22),
        '_',
        chars(59),
        ' to push',
      ),
      secret: fake('github', '_pat_', chars(22), '_', chars(59)),
    },
    docs: 'https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens',
  },
  {
    name: 'gitlab-pat',
    catches: 'GitLab personal, project and group access tokens (glpat-)',
    source: String.raw`\bglpat-[A-Za-z0-9_-]{20,}`,
    hint: 'glpat-',
    example: {
      text: fake('clone with ', 'glpat', '-', chars(20), ' failed'),
      secret: fake('glpat', '-', chars(20)),
    },
    docs: 'https://docs.gitlab.com/security/tokens/#token-prefixes',
  },
  {
    name: 'slack-token',
    catches:
      'Slack bot, user, app and legacy tokens (xoxb-, xoxp-, xoxa-, xoxo-, xoxs-, xoxr-)',
    source: String.raw`\bxox[abposr]-[A-Za-z0-9-]{10,}`,
    hint: 'xox[abposr]-',
    example: {
      text: fake('notify via ', 'xoxb', '-123456789012-', chars(24)),
      secret: fake('xoxb', '-123456789012-', chars(24)),
    },
    docs: 'https://docs.slack.dev/authentication/tokens',
  },
  {
    name: 'aws-access-key-id',
    catches: 'AWS long-term access key ids (AKIA…)',
    source: String.raw`\bAKIA[0-9A-Z]{16}\b`,
    hint: 'akia',
    example: {
      // AWS's own documentation example
      text: fake('rotate ', 'AKIA', 'IOSFODNN7EXAMPLE', ' before friday'),
      secret: fake('AKIA', 'IOSFODNN7EXAMPLE'),
    },
    docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids',
  },
  {
    name: 'aws-temporary-access-key-id',
    catches: 'AWS temporary (STS) access key ids (ASIA…)',
    source: String.raw`\bASIA[0-9A-Z]{16}\b`,
    hint: 'asia',
    example: {
      text: fake('assumed role with ', 'ASIA', 'Y3FAKEEXAMPLE123'),
      secret: fake('ASIA', 'Y3FAKEEXAMPLE123'),
    },
    docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids',
  },
  {
    name: 'google-api-key',
    catches: 'Google API keys (AIza…, 39 characters)',
    source: String.raw`\bAIza[0-9A-Za-z_-]{35}`,
    hint: 'aiza',
    example: {
      text: fake('maps key ', 'AI', 'za', chars(35), ' in the config'),
      secret: fake('AI', 'za', chars(35)),
    },
    docs: 'https://cloud.google.com/docs/authentication/api-keys',
  },
  {
    name: 'npm-token',
    catches: 'npm access tokens (npm_…)',
    source: String.raw`\bnpm_[A-Za-z0-9]{36}\b`,
    hint: 'npm_',
    example: {
      text: fake('publish with ', 'npm', '_', chars(36), ' denied'),
      secret: fake('npm', '_', chars(36)),
    },
    docs: 'https://github.blog/changelog/2021-09-23-npm-has-a-new-access-token-format/',
  },
  {
    name: 'name-value',
    catches:
      'name=value / name: value with a credential name (password, client_secret, accessToken, X-Api-Key, Authorization…), in prose, config or JSON text',
    source: String.raw`(?<keep>\b[\w.-]*?(?:${SECRET_NAMES})["']?\s*[=:]\s*["']?)(?<scheme>(?:${AUTH_SCHEMES})\s+)?(?:[^\s"',}\\]|\\.)+`,
    hint: SECRET_NAMES,
    example: {
      text: fake('login failed: db_password=', 'hunter2Example', ', retrying'),
      secret: 'hunter2Example',
    },
  },
];

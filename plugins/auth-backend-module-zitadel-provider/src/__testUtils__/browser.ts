/**
 * What a browser does at ZITADEL during sign-in: keeps the IdP's cookies, follows its
 * redirects, fills in the login page, and stops at the redirect back to Backstage.
 */
export class IdpBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly idpOrigin: string) {}

  private async fetch(url: string, init: RequestInit = {}) {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  }

  /**
   * Opens the authorization URL and signs in when the login page shows. Returns the URL
   * ZITADEL redirects back to (the Backstage callback with `code` or `error`).
   */
  async authorize(
    authorizeUrl: string,
    login?: { loginName: string; password: string },
  ): Promise<{ callbackUrl: string; loginPages: number }> {
    let url = authorizeUrl;
    let loginPages = 0;
    for (let hop = 0; hop < 10; hop++) {
      const res = await this.fetch(url);
      const location = res.headers.get('location');
      if (location) {
        url = new URL(location, url).toString();
        if (!url.startsWith(this.idpOrigin))
          return { callbackUrl: url, loginPages };
        continue;
      }
      const html = await res.text();
      const action = /action="([^"]+)"/.exec(html)?.[1];
      if (!action || !login) {
        throw new Error(
          `IdP answered ${res.status} without a redirect: ${html.slice(
            0,
            200,
          )}`,
        );
      }
      loginPages += 1;
      const post = await this.fetch(
        new URL(action.replace(/&amp;/g, '&'), url).toString(),
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(login).toString(),
        },
      );
      const next = post.headers.get('location');
      if (!next)
        throw new Error(`login failed: ${post.status} ${await post.text()}`);
      url = new URL(next, url).toString();
    }
    throw new Error('too many redirects at the IdP');
  }
}

/** The JSON the auth handler frame posts to the app window. */
export function readWebMessage(html: string): any {
  const m = /decodeURIComponent\('([^']*)'\)/.exec(html);
  if (!m) throw new Error(`no web message in ${html.slice(0, 200)}`);
  return JSON.parse(decodeURIComponent(m[1]));
}

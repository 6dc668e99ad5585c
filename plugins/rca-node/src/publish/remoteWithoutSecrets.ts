/**
 * A Git remote as it may be shown or stored: URLs lose user info, query and fragment; scp-like
 * `git@host:org/repo.git` becomes `ssh://host/org/repo.git`; local paths stay as they are.
 */
export function remoteWithoutSecrets(url: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    try {
      const u = new URL(url);
      u.username = '';
      u.password = '';
      u.search = '';
      u.hash = '';
      return u.href.replace(/\/+$/, '');
    } catch {
      return url.replace(/\/\/[^@/]*@/, '//').replace(/[?#].*$/, '');
    }
  }
  const scp = /^(?:[^@/]+@)?([^:/]+):\/*(.*)$/.exec(url);
  return scp ? `ssh://${scp[1]}/${scp[2]}` : url;
}

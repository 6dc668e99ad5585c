import { ReportRepository } from './ReportRepository';

const repo = (url: string, browseUrl?: string) =>
  new ReportRepository({
    url,
    branch: 'main',
    directory: 'reports/rca',
    mirrorDir: '/unused',
    browseUrl,
  });

describe('ReportRepository locations and links', () => {
  const path = 'reports/rca/2026/11/2026-11-23-payments-a1.md';

  it('names the file without credentials, whatever the remote looks like', () => {
    expect(
      repo(
        'https://x-access-token:ghp_secret@git.example.com/sre/reports.git?x=1',
      ).location(path),
    ).toBe(`url:https://git.example.com/sre/reports.git/${path}`);
    expect(repo('git@github.com:acme/reports.git').location(path)).toBe(
      `url:ssh://github.com/acme/reports.git/${path}`,
    );
    expect(repo('file:///srv/git/reports.git').location(path)).toBe(
      `url:file:///srv/git/reports.git/${path}`,
    );
    expect(repo('/srv/git/reports.git').location(path)).toBe(
      `file:/srv/git/reports.git/${path}`,
    );
  });

  it('links the file and the commit through the browse URL when there is one', () => {
    const r = repo(
      'git@github.com:acme/reports.git',
      'https://github.com/acme/reports/',
    );
    expect(r.location(path)).toBe(
      `url:https://github.com/acme/reports/blob/main/${path}`,
    );
    expect(r.links(path, 'abc123')).toEqual({
      file: `https://github.com/acme/reports/blob/main/${path}`,
      commit: 'https://github.com/acme/reports/commit/abc123',
    });
    expect(repo('/srv/git/reports.git').links(path, 'abc123')).toEqual({});
  });
});

import type { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { resolve } from 'node:path';
import { GitPublisher, type GitPublisherOptions } from './GitPublisher';

/** Reads `rca.reports.git`; without it reports go to a local bare repository under `rca.dataDir`. */
export function readGitPublisherOptions(
  config: Config,
): GitPublisherOptions & { directory: string } {
  const dataDir = resolve(
    config.getOptionalString('rca.dataDir') ?? '.rca-data',
  );
  const git = config.getOptionalConfig('rca.reports.git');
  const configuredUrl = git?.getOptionalString('url');
  const url = configuredUrl ?? resolve(dataDir, 'reports.git');
  let credentials: GitPublisherOptions['credentials'];
  const token = git?.getOptionalString('token');
  if (token) {
    credentials = {
      username: git?.getOptionalString('username') ?? 'x-access-token',
      password: token,
    };
  } else if (/^https?:\/\//.test(url)) {
    const integrations = ScmIntegrations.fromConfig(config);
    const githubToken = integrations.github.byUrl(url)?.config.token;
    const gitlabToken = integrations.gitlab.byUrl(url)?.config.token;
    const gitea = integrations.gitea.byUrl(url)?.config;
    if (githubToken)
      credentials = { username: 'x-access-token', password: githubToken };
    else if (gitlabToken)
      credentials = { username: 'oauth2', password: gitlabToken };
    else if (gitea?.username && gitea.password)
      credentials = { username: gitea.username, password: gitea.password };
  }
  return {
    url,
    branch: git?.getOptionalString('branch') ?? 'main',
    directory: git?.getOptionalString('directory') ?? 'reports/rca',
    author: {
      name: git?.getOptionalString('author.name') ?? 'Backstage RCA',
      email: git?.getOptionalString('author.email') ?? 'rca@backstage.local',
    },
    credentials,
    workDir: GitPublisher.defaultWorkDir(dataDir, url),
    createIfMissing: !configuredUrl || !/^[a-z][a-z0-9+.-]*:\/\//i.test(url),
    browseUrl: git?.getOptionalString('browseUrl'),
  };
}

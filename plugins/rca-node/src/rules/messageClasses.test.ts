import { classify } from './classify';

// Look-alike failures told apart by what the runtime, the registry or the process writes.

describe('message classes', () => {
  it('reads a registry rate limit as a refused pull, not a missing tag', () => {
    const docker =
      'failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/library/nginx/manifests/sha256:abc: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit.';
    expect(classify('imagePull', docker)?.label).toBe(
      'image_pull_unauthorized',
    );
  });

  it('reads a config file that does not parse as configuration, whatever the format', () => {
    for (const message of [
      'failed to load config /etc/app/config.yaml: yaml: line 14: mapping values are not allowed in this context',
      'Error: could not parse configuration: unexpected token',
      'yaml: unmarshal errors: line 3: cannot unmarshal !!str into int',
    ])
      expect(classify('crash', message)?.label).toBe(
        'crashloop_missing_env_or_config',
      );
  });

  it('tells DNS failures from refused and timed-out connections', () => {
    for (const dns of [
      'java.net.UnknownHostException: postgres',
      "nslookup: can't resolve 'mydb.shop.svc.cluster.local'",
      'getaddrinfo: Name does not resolve',
      'dial tcp: lookup db on 10.96.0.10:53: no such host',
    ])
      expect(classify('crash', dns)?.label).toBe('dns_resolution_failure');
    for (const unreachable of [
      'dial tcp 10.0.0.7:5432: connect: connection refused',
      'dial tcp 10.0.0.7:5432: i/o timeout',
      'pq: the database system is starting up',
    ])
      expect(classify('crash', unreachable)?.label).toBe(
        'app_crash_dependency_unreachable',
      );
  });

  it('reads TLS verification failures as the dependency serving a bad certificate', () => {
    for (const tls of [
      'tls: failed to verify certificate: x509: certificate has expired or is not yet valid',
      'x509: certificate signed by unknown authority',
      'javax.net.ssl.SSLHandshakeException: PKIX path building failed',
    ])
      expect(classify('log', tls)?.label).toBe('upstream_dependency_failure');
    // Only in logs: a crash message keeps its own rules.
    expect(classify('crash', 'x509: certificate has expired')).toBeUndefined();
  });

  it('reads a clean exit in a crash loop as a command that does not serve', () => {
    expect(classify('exitCode', '0')?.label).toBe('bad_command_or_entrypoint');
  });

  it('recognises the runtime quoting an OOM kill', () => {
    expect(
      classify('crash', 'Error: failed to start container "scorer": OOMKilled')
        ?.label,
    ).toBe('oom_killed_limit_too_low');
  });
});

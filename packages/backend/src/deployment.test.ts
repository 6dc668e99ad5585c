/*
 * Guards the deployment files a platform team copies: docker-compose.yml and
 * app-config.production.yaml. No Docker engine runs in CI, so these assertions stand in for
 * `docker compose up`; `docker-compose config -q` runs beside them in ./rca test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '../../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/** `${VAR}`, `${VAR:-default}` and `${VAR:?message}`; `$${VAR}` is an escaped literal. */
function envVars(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(
    /(?<!\$)\$\{([A-Z][A-Z0-9_]*)(?:[:?-][^}]*)?\}/g,
  )) {
    names.add(m[1]);
  }
  return [...names].sort();
}

function readmeEnvTable(): Set<string> {
  const readme = read('README.md');
  const section = readme
    .split(/^#{2,3} /m)
    .find(s => s.startsWith('Environment variables'));
  if (!section)
    throw new Error('README.md has no "Environment variables" section');
  return new Set(
    [...section.matchAll(/^\|\s*`([A-Z][A-Z0-9_]*)`/gm)].map(m => m[1]),
  );
}

describe('docker-compose.yml', () => {
  const text = read('docker-compose.yml');
  const compose = parse(text);

  it('runs Backstage, PostgreSQL, VictoriaMetrics, VictoriaLogs and ZITADEL with its own database', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'backstage',
      'postgres',
      'victorialogs',
      'victoriametrics',
      'zitadel',
      'zitadel-db',
    ]);
    expect(compose.services.backstage.build.dockerfile).toBe(
      'packages/backend/Dockerfile',
    );
    expect(
      compose.services.zitadel.environment.ZITADEL_DATABASE_POSTGRES_HOST,
    ).toBe('zitadel-db');
  });

  it('gives every service a health check and keeps state in named volumes', () => {
    for (const [name, service] of Object.entries<any>(compose.services)) {
      expect({ name, test: service.healthcheck?.test }).toEqual({
        name,
        test: expect.anything(),
      });
      for (const volume of service.volumes ?? []) {
        const source = String(volume).split(':')[0];
        expect(Object.keys(compose.volumes)).toContain(source);
      }
    }
  });

  it('publishes only Backstage and the UIs a user needs, never a database', () => {
    const published = Object.fromEntries(
      Object.entries<any>(compose.services)
        .filter(([, s]) => s.ports)
        .map(([n, s]) => [n, s.ports.map((p: string) => p.split(':')[0])]),
    );
    expect(published).toEqual({
      backstage: ['7007'],
      victoriametrics: ['8428'],
      victorialogs: ['9428'],
      zitadel: ['8080'],
    });
  });

  it('takes every secret from the environment, documented in the README and .env.example', () => {
    const vars = envVars(text);
    expect(vars).toEqual(
      expect.arrayContaining(['POSTGRES_PASSWORD', 'ZITADEL_MASTERKEY']),
    );
    const documented = readmeEnvTable();
    expect(vars.filter(v => !documented.has(v))).toEqual([]);
    const example = envVars(
      read('.env.example').replace(/^([A-Z0-9_]+)=.*$/gm, '${$1}'),
    );
    expect(vars.filter(v => !example.includes(v))).toEqual([]);
  });
});

describe('app-config.production.yaml', () => {
  const text = read('app-config.production.yaml');
  const config = parse(text);

  it('uses PostgreSQL from the environment and production auth', () => {
    expect(config.backend.database.client).toBe('pg');
    expect(config.backend.database.connection.password).toBe(
      '${POSTGRES_PASSWORD}',
    );
    expect(config.auth.environment).toBe('production');
  });

  it('has no secret literal: every secret-like key is an ${ENV_VAR} placeholder', () => {
    const offenders: string[] = [];
    const walk = (node: unknown, at: string) => {
      if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node))
          walk(v, at ? `${at}.${k}` : k);
      } else if (/(secret|password|token|key)s?(\.\d+)?(\.\w+)?$/i.test(at)) {
        if (!/^\$\{[A-Z][A-Z0-9_]*\}$/.test(String(node))) offenders.push(at);
      }
    };
    walk(config, '');
    expect(offenders).toEqual([]);
  });

  it('documents every variable it uses in the README', () => {
    const documented = readmeEnvTable();
    expect(envVars(text).filter(v => !documented.has(v))).toEqual([]);
  });
});

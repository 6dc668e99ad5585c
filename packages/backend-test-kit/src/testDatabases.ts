import { TestDatabases } from '@backstage/backend-test-utils';

/** The databases every database-touching suite runs on: SQLite locally, PostgreSQL in production. */
export const TEST_DATABASE_IDS = ['SQLITE_3', 'POSTGRES_15'] as const;

/** Where `scripts/postgres.sh` (and `./rca test`) put the throw-away PostgreSQL. */
export const POSTGRES_URL_VARIABLE =
  'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

/**
 * Backstage's `TestDatabases` over SQLite and PostgreSQL 15. Without a PostgreSQL the PG cases are
 * skipped for a developer running one file, but fail in CI (`CI=true`): a missing database there
 * would otherwise pass silently.
 */
export function createTestDatabases(): TestDatabases {
  requirePostgresInCi();
  return TestDatabases.create({ ids: [...TEST_DATABASE_IDS] });
}

/** The throw-away PostgreSQL's connection string; undefined outside CI when none runs. */
export function testPostgresUrl(): string | undefined {
  requirePostgresInCi();
  return process.env[POSTGRES_URL_VARIABLE] || undefined;
}

function requirePostgresInCi() {
  if (process.env.CI === 'true' && !process.env[POSTGRES_URL_VARIABLE])
    throw new Error(
      `${POSTGRES_URL_VARIABLE} is not set: the PostgreSQL cases cannot run. Start one with ` +
        `scripts/postgres.sh start && eval "$(scripts/postgres.sh env)", or run ./rca test`,
    );
}

export { freePort } from './freePort';
export {
  type BackendProcess,
  startBackendProcess,
} from './startBackendProcess';
export { startRealBackend, type RealBackendOptions } from './startRealBackend';
export {
  createTestDatabases,
  POSTGRES_URL_VARIABLE,
  TEST_DATABASE_IDS,
  testPostgresUrl,
} from './testDatabases';
export { testSignInModule } from './testSignInModule';

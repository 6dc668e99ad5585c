export { freePort } from './freePort';
export { startRealBackend, type RealBackendOptions } from './startRealBackend';
export { testSignInModule } from './testSignInModule';

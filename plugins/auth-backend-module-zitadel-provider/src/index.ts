/**
 * Sign-in with ZITADEL: the user's project roles become Backstage group memberships.
 *
 * @packageDocumentation
 */
export { authModuleZitadelProvider as default } from './module';
export {
  zitadelAuthenticator,
  zitadelScopes,
  type ZitadelAuthResult,
} from './authenticator';
export { zitadelSignInResolvers } from './resolvers';

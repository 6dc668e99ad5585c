export * from './directory';
export {
  ZitadelStandIn,
  type IdTokenFault,
  type ManagementCall,
  type ManagementFault,
} from './ZitadelStandIn';
export { LOGIN_PATH, ZITADEL_ROUTES } from './oidcProvider';
export { demoDirectory } from './demoDirectory';

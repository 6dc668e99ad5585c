/**
 * Syncs ZITADEL users, project roles and user grants into catalog Users and Groups.
 *
 * @packageDocumentation
 */
export { catalogModuleZitadelOrg as default } from './module';
export {
  ZitadelOrgEntityProvider,
  type ZitadelSyncSummary,
} from './ZitadelOrgEntityProvider';

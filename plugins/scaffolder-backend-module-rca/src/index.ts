/**
 * The rca:analyze scaffolder action.
 *
 * @packageDocumentation
 */
export { scaffolderModuleRca as default } from './module';
export {
  createRcaAnalyzeAction,
  type RcaAnalyzeActionOptions,
} from './actions/analyze';

/**
 * The repository's import rules, run by `yarn lint:deps` and proven by this package's tests.
 *
 * @packageDocumentation
 */
export {
  cruiseViolations,
  type Violation,
  REPO_ROOT,
} from './cruiseViolations';

/**
 * Online log template mining (Drain-style) and incident-vs-baseline comparison by template string.
 *
 * @packageDocumentation
 */
export {
  LogTemplateMiner,
  collapse,
  type LogTemplateMinerOptions,
  type MinedTemplate,
} from './LogTemplateMiner';
export {
  compareWindows,
  type CompareWindowsOptions,
  type LogLine,
  type TemplateComparison,
  type TemplateTrend,
} from './compareWindows';
export { DEFAULT_EVENT_KEYS, type EventKeys } from './structured/eventKeys';
export {
  DEFAULT_LINE_MASKS,
  PARAM,
  applyLineMasks,
  maskToken,
  type LineMask,
} from './masking';

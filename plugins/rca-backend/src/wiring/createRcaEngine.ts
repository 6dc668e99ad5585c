import type {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { RcaEngine, type RcaEngineOptions } from '@internal/plugin-rca-node';
import type { EngineContributions } from './EngineExtensions';

/** The engine over exactly the sources and rules the modules added (the built-ins among them). */
export function createRcaEngine(o: {
  config: RootConfigService;
  logger: LoggerService;
  llm?: RcaEngineOptions['llm'];
  contributions: Pick<EngineContributions, 'collectors' | 'analyzers'>;
}): RcaEngine {
  const { collectors, analyzers } = o.contributions;
  o.logger.info(
    `RCA sources: ${collectors.map(c => c.name).join(', ') || 'none'}`,
  );
  return new RcaEngine({
    collectors,
    analyzers,
    llm: o.llm,
    logger: o.logger,
    dependencyDepth: o.config.getOptionalNumber('rca.dependencyDepth') ?? 2,
  });
}

import { ServiceUnavailableError } from '@backstage/errors';
import type { RequestHandler } from 'express';

/**
 * Answers POST /v1/analyses with 503 once shutdown began; reads keep working while the running
 * analyses drain.
 */
export function refuseWhileStopping(runner: {
  readonly stopping: boolean;
}): RequestHandler {
  return (req, _res, next) => {
    if (runner.stopping && req.method === 'POST' && req.path === '/v1/analyses')
      next(
        new ServiceUnavailableError(
          'The rca backend is shutting down and accepts no new analyses; submit again once it is back',
        ),
      );
    else next();
  };
}

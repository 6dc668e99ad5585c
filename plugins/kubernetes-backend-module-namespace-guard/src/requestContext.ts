import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

const storage = new AsyncLocalStorage<Request>();

/**
 * Keeps the HTTP request reachable from the objects provider and service locator, which the
 * Kubernetes plugin calls without it, so their denials are audited with the actor and request id.
 */
export function rememberRequest(
  req: Request,
  _res: Response,
  next: NextFunction,
) {
  storage.run(req, next);
}

export function currentRequest(): Request | undefined {
  return storage.getStore();
}

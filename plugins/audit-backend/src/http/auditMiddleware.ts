import type { Config } from '@backstage/config';
import type { AuditEvent } from '@internal/plugin-audit-common';
import type { Request, RequestHandler, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { actorOf } from '../events/actor';
import { pathOf } from '../events/auditorEvent';
import { REQUEST_ID_HEADER, requestIdFor } from '../events/requestId';
import type { AuditHub } from '../service/AuditHub';

export interface AuditHttpOptions {
  enabled: boolean;
  /** Request and response bodies are kept for mutating calls and errors, up to this size. */
  maxBodyLength: number;
  /** Path prefixes under /api not to record (e.g. a noisy health probe). */
  ignorePaths: string[];
}

export function readAuditHttpOptions(config: Config): AuditHttpOptions {
  return {
    enabled: config.getOptionalBoolean('audit.http.enabled') ?? true,
    maxBodyLength: config.getOptionalNumber('audit.http.maxBodyLength') ?? 4096,
    ignorePaths: config.getOptionalStringArray('audit.http.ignorePaths') ?? [],
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const PLUGIN_OF = /^\/api\/([A-Za-z0-9_-]+)/;

/**
 * Records every `/api/*` call: method, route, status, latency, actor, plugin, request id, client
 * IP and user agent, plus the (redacted, capped) bodies of mutating calls and errors. The request
 * path only pays for an id, a header and two listeners; the record is built after the response.
 */
export function createAuditMiddleware(
  hub: AuditHub,
  options: AuditHttpOptions,
): RequestHandler {
  return (req, res, next) => {
    if (
      !options.enabled ||
      options.ignorePaths.some(p => req.originalUrl.startsWith(p))
    ) {
      next();
      return;
    }
    const started = performance.now();
    const { id: requestId, replaced } = requestIdFor(
      req.headers[REQUEST_ID_HEADER],
      hub.redactor,
    );
    // Plugins downstream (and their auditor events) see only the id that is safe to keep.
    req.headers[REQUEST_ID_HEADER] = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);

    // The body a handler sends, as the object it passed (serialised only if it is recorded).
    let sent: unknown;
    let captured = false;
    const json = res.json;
    const send = res.send;
    res.json = function auditedJson(body) {
      if (!captured) {
        sent = body;
        captured = true;
      }
      return json.call(this, body);
    };
    res.send = function auditedSend(body) {
      if (!captured) {
        sent = body;
        captured = true;
      }
      return send.call(this, body);
    };

    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      try {
        hub.emit(
          httpEvent(req, res, {
            hub,
            requestId,
            requestIdReplaced: replaced,
            latencyMs: performance.now() - started,
            sent,
            maxBodyLength: options.maxBodyLength,
          }),
        );
      } catch {
        // Auditing must never break a response; the hub counts what it could not take.
      }
    };
    res.once('finish', record);
    res.once('close', record);
    next();
  };
}

function httpEvent(
  req: Request,
  res: Response,
  o: {
    hub: AuditHub;
    requestId: string;
    requestIdReplaced: boolean;
    latencyMs: number;
    sent: unknown;
    maxBodyLength: number;
  },
): AuditEvent {
  const { redactor } = o.hub;
  // A connection closed before the response finished: nginx's 499.
  const status = res.writableFinished ? res.statusCode : 499;
  const method = req.method;
  const path = redactor.redactText(pathOf(req.originalUrl));
  const plugin = PLUGIN_OF.exec(req.originalUrl)?.[1] ?? 'backend';
  const actor = actorOf(o.hub.credentialsOf(req), req, redactor);
  const failed = status >= 400;
  const mutating = !SAFE_METHODS.has(method);

  const meta: Record<string, unknown> = {};
  if (o.requestIdReplaced) meta.requestIdReplaced = true;
  if (req.route?.path && typeof req.route.path === 'string')
    meta.route = `${req.baseUrl}${req.route.path}`;
  // From the URL as sent: plugins may rewrite req.query while handling the call.
  const q = req.originalUrl.indexOf('?');
  if (q >= 0) {
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(req.originalUrl.slice(q + 1))) {
      const seen = query[k];
      if (seen === undefined) query[k] = v;
      else query[k] = Array.isArray(seen) ? [...seen, v] : [seen, v];
    }
    if (Object.keys(query).length) meta.query = redactor.redactQuery(query);
  }
  if (mutating || failed) {
    const reqBody = bodyText(req.body, redactor, o.maxBodyLength);
    if (reqBody !== undefined) meta.requestBody = reqBody;
    else if (Number(req.headers['content-length']) > 0)
      meta.requestBody = `[unparsed ${req.headers['content-length']} bytes]`;
    const resBody = bodyText(o.sent, redactor, o.maxBodyLength);
    if (resBody !== undefined) meta.responseBody = resBody;
  }
  return {
    _time: new Date(Date.now() - o.latencyMs).toISOString(),
    _msg: `${method} ${path} ${status}${actor.ref ? ` by ${actor.ref}` : ''}`,
    event: {
      id: randomUUID(),
      action: 'http.request',
      outcome: failed ? 'failure' : 'success',
      severity: mutating ? 'medium' : 'low',
    },
    actor,
    plugin,
    request: { id: o.requestId, method, path },
    response: { status },
    latencyMs: Math.round(o.latencyMs * 100) / 100,
    ...(Object.keys(meta).length ? { meta } : {}),
  };
}

/** A body as redacted JSON text, capped; undefined when there is none. */
function bodyText(
  body: unknown,
  redactor: AuditHub['redactor'],
  max: number,
): string | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  if (typeof body === 'object' && !Buffer.isBuffer(body)) {
    if (Object.keys(body).length === 0 && !Array.isArray(body))
      return undefined;
  }
  const clean = redactor.redact(body);
  const text = typeof clean === 'string' ? clean : JSON.stringify(clean);
  if (text === undefined) return undefined;
  return text.length > max
    ? `${text.slice(0, max)}…[truncated, ${text.length} characters]`
    : text;
}

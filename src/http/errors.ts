import type { FastifyError, FastifyInstance } from 'fastify';
import { ERROR_CATALOGUE, HubError, type ErrorCode } from '../core/errors';
import { ConnectorError } from '../sdk/errors';

function body(code: string, message: string, details?: readonly { path: string; message: string }[]) {
  return { error: { code, message, ...(details?.length ? { details } : {}) } };
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'API_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'API_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'API_INVALID_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'API_VALIDATION_FAILED',
};

/** Codes of a store or Redis that cannot serve now (locked, full, gone), as opposed to a bug. */
const STORE_CODES = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|CANTOPEN)/;
const STORE_DOWN =
  'The store does not accept writes now (locked by another process, full, or unreachable); try again shortly.';
const REDIS_DOWN = 'Redis is unavailable; try again shortly.';

/** The 503 message for a failure that means a backing service is down, or null for anything else (a bug). */
function unavailableMessage(error: Error): string | null {
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  if (STORE_CODES.test(code) || /^Mongo(ServerSelection|Network|NotConnected)/.test(error.name))
    return STORE_DOWN;
  if (/Connection is closed|MaxRetriesPerRequest/i.test(error.message)) return REDIS_DOWN;
  if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(error.message))
    return ERROR_CATALOGUE.API_UNAVAILABLE.message;
  return null;
}

/** Every error leaves as `{error: {code, message}}` with a stable code; internals stay in the log. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((_req, reply) => {
    void reply.code(404).send(body('API_NOT_FOUND', ERROR_CATALOGUE.API_NOT_FOUND.message));
  });
  app.setErrorHandler((error: FastifyError | HubError | Error, req, reply) => {
    if (error instanceof HubError)
      return reply.code(error.status).send(body(error.code, error.message, error.details));
    if ('validation' in error && error.validation) {
      const details = error.validation.map((v) => ({
        path: `${'validationContext' in error ? String(error.validationContext) : 'body'}${v.instancePath || ''}`,
        message: v.message ?? v.keyword,
      }));
      return reply
        .code(400)
        .send(body('API_VALIDATION_FAILED', 'The request does not match its schema.', details));
    }
    const code = 'code' in error && typeof error.code === 'string' ? FASTIFY_CODES[error.code] : undefined;
    if (code) return reply.code(ERROR_CATALOGUE[code].status).send(body(code, ERROR_CATALOGUE[code].message));
    if (error instanceof SyntaxError || ('statusCode' in error && error.statusCode === 400)) {
      return reply.code(400).send(body('API_INVALID_JSON', ERROR_CATALOGUE.API_INVALID_JSON.message));
    }
    if (
      'statusCode' in error &&
      typeof error.statusCode === 'number' &&
      error.statusCode >= 400 &&
      error.statusCode < 500
    ) {
      return reply.code(error.statusCode).send(body('API_VALIDATION_FAILED', error.message));
    }
    if (error instanceof ConnectorError) {
      return reply.code(502).send(body(error.code, error.message));
    }
    const unavailable = unavailableMessage(error);
    req.log.error(
      { err: { name: error.name, message: error.message, stack: error.stack } },
      'request failed',
    );
    return unavailable
      ? reply.code(503).send(body('API_UNAVAILABLE', unavailable))
      : reply.code(500).send(body('API_INTERNAL', ERROR_CATALOGUE.API_INTERNAL.message));
  });
}

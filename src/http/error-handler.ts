import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errors } from '../errors.js';

export function renderError(reply: FastifyReply, error: AppError) {
  const body: Record<string, unknown> = { code: error.code, message: error.message };
  if (error.fields) body.fields = error.fields;
  if (error.extra) Object.assign(body, error.extra);
  return reply.status(error.status).type('application/json; charset=utf-8').send({ error: body });
}

/** Turns Fastify's own errors (parsing, limits, schemas) into the registry's. */
function fromFastify(error: FastifyError, request: FastifyRequest): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error.validation) {
    const fields = error.validation.map((v) => [v.instancePath.slice(1) || error.validationContext || 'body', v.message ?? 'is invalid']);
    return errors.validation(Object.fromEntries(fields));
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return errors.invalidJson(error.message);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return errors.payloadTooLarge(request.routeOptions.bodyLimit ?? 0);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return errors.unsupportedMediaType(request.headers['content-type'] ?? '');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return errors.badRequest(error.message);
  }
  if (error instanceof SyntaxError || error.statusCode === 400) return errors.invalidJson(error.message);
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError('bad_request', error.statusCode, error.message);
  }
  return undefined;
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = fromFastify(error, request);
    if (known) return renderError(reply, known);
    request.log.error({ err: error }, 'unhandled error');
    return renderError(reply, errors.internal());
  });
  app.setNotFoundHandler((request, reply) => renderError(reply, errors.routeNotFound(request.method, request.url.split('?')[0])));
}

import type { ErrorCode, HttpErrorResponse } from '@beacon/protocol';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';

export function sendError(
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  message: string,
): FastifyReply {
  const body: HttpErrorResponse = { error: { code, message } };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/**
 * Every failure answers the contract's error shape: Fastify's own client errors
 * (malformed JSON, wrong content type, oversized body) included, and unexpected
 * ones as a logged `500 internal` without details.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) return sendError(reply, 413, 'too_large', 'request body too large');
    if (status >= 400 && status < 500) {
      const message =
        error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'payload: expected application/json'
          : `payload: ${error.message}`;
      return sendError(reply, status === 415 ? 400 : status, 'invalid', message);
    }
    request.log.error({ err: error }, 'request failed');
    return sendError(reply, 500, 'internal', 'internal server error');
  });
}

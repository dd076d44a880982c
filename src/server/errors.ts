import type { FastifyError, FastifyInstance } from 'fastify';
import { type ERROR_CATALOGUE, QuantLabError } from '../core/errors.js';

/** The body of every error reply. */
export interface ErrorReply {
  error: { code: string; message: string; retryable: boolean; requestId: string };
}

export const errorReplySchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'retryable', 'requestId'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        retryable: { type: 'boolean' },
        requestId: { type: 'string' },
      },
    },
  },
} as const;

/**
 * Turns anything a route throws into a structured reply. Known errors (our catalogue, Fastify's 4xx) keep
 * their message; anything else becomes a bare 500 `QL_ERR_INTERNAL` — the details go to the log with the
 * request id, never to the client.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | QuantLabError | Error, request, reply) => {
    let known: QuantLabError;
    if (error instanceof QuantLabError) {
      known = error;
    } else if ('validation' in error && error.validation !== undefined) {
      known = new QuantLabError('QL_ERR_INVALID_INPUT', error.message);
    } else if ('statusCode' in error && typeof error.statusCode === 'number' && error.statusCode < 500) {
      known = new QuantLabError(clientErrorCode(error.statusCode), error.message);
    } else {
      request.log.error({ err: error }, 'unhandled error in request');
      known = new QuantLabError('QL_ERR_INTERNAL', 'internal error; see the server log for this request id');
    }
    if (known.status >= 500) request.log.warn({ code: known.code }, known.message);
    const status =
      'statusCode' in error && known.code !== 'QL_ERR_INTERNAL' && !(error instanceof QuantLabError)
        ? (error.statusCode ?? known.status)
        : known.status;
    const body: ErrorReply = {
      error: { code: known.code, message: known.message, retryable: known.retryable, requestId: request.id },
    };
    return reply.status(status).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    const body: ErrorReply = {
      error: {
        code: 'QL_ERR_NOT_FOUND',
        message: `no route ${request.method} ${request.url.split('?')[0]}`,
        retryable: false,
        requestId: request.id,
      },
    };
    return reply.status(404).send(body);
  });
}

function clientErrorCode(status: number): keyof typeof ERROR_CATALOGUE {
  switch (status) {
    case 401:
      return 'QL_ERR_UNAUTHORIZED';
    case 403:
      return 'QL_ERR_FORBIDDEN';
    case 404:
      return 'QL_ERR_NOT_FOUND';
    case 409:
      return 'QL_ERR_CONFLICT';
    case 429:
      return 'QL_ERR_VENUE_RATE_LIMITED';
    default:
      return 'QL_ERR_INVALID_INPUT';
  }
}

import type { FastifyReply } from 'fastify';
import type { Query } from '../http/query.js';

// The exposition API's error bodies (Boom behind Express, Joi for validation).

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    /** The server's error class name, which `certificationsTerminales` stubs repeat. */
    readonly kind = 'Error',
  ) {
    super(String(body.message));
  }
}

/** Runs a route's work, answering an {@link HttpError} it throws with its status and body. */
export function answerHttpErrors(reply: FastifyReply, work: () => unknown): unknown {
  try {
    return work();
  } catch (error) {
    if (error instanceof HttpError) return reply.code(error.status).send(error.body);
    throw error;
  }
}

export const notFound = (message: string, kind: string, data?: unknown) =>
  new HttpError(404, { statusCode: 404, error: 'Not Found', message, ...(data ? { data } : {}) }, kind);

export function validationError(
  details: { message: string; path: (string | number)[]; type: string; context: Record<string, unknown> }[],
): HttpError {
  return new HttpError(400, { statusCode: 400, error: 'Bad Request', message: 'Erreur de validation', details });
}

export function invalid(key: string, message: string, type: string, value: unknown, extra: Record<string, unknown> = {}): HttpError {
  return validationError([{ message, path: [key], type, context: { key, label: key, value, ...extra } }]);
}

/** Rejects any parameter the route does not declare, as the server's strict Joi schema does. */
export function checkParams(query: Query, allowed: string[]): void {
  for (const key of Object.keys(query)) {
    if (!allowed.includes(key))
      throw validationError([
        {
          message: `"${key}" is not allowed`,
          path: [key],
          type: 'object.unknown',
          context: { child: key, key, label: key, value: query[key] },
        },
      ]);
  }
}

/** The bodies an injected fault answers with, shaped like the server's own. */
export function faultBody(status: number): Record<string, unknown> {
  if (status === 400)
    return invalid('millesime', '"millesime" must have format XXXX or XXXX-1_XXXX', 'millesime.invalid', '2024-2023').body;
  if (status === 401) return { statusCode: 401, error: 'Unauthorized', message: 'Not authorized' };
  if (status === 404) return { statusCode: 404, error: 'Not Found', message: 'Not Found' };
  return {
    statusCode: status,
    error: status >= 500 ? 'Internal Server Error' : 'Error',
    message: status >= 500 ? 'An internal server error occurred' : 'Error',
  };
}

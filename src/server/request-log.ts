import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * One log line per request, when it completes, carrying its method and URL, instead of Fastify's
 * two (incoming, then completed): logging is a measurable share of a cached answer's cost.
 */
export class OneLinePerRequest extends Fastify.LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      req: { method: request.method, url: request.url },
      res: { statusCode: reply.statusCode },
      responseTime: reply.elapsedTime,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

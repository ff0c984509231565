import type { FastifyRequest } from 'fastify';

export type ODataVersion = '4.0' | '4.01';

/**
 * The OData version of an answer: 4.0 for a client that says it reads no later (Power BI and
 * Excel send `OData-MaxVersion: 4.0`), 4.01 otherwise. The answers hold nothing that 4.01 alone
 * has (its `in` operator is only read), so one model serves both.
 */
export function odataVersion(request: Pick<FastifyRequest, 'headers'>): ODataVersion {
  const max = request.headers['odata-maxversion'];
  return typeof max === 'string' && max.trim() === '4.0' ? '4.0' : '4.01';
}

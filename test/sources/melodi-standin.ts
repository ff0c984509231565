import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the stand-in answers to one request. */
export interface StandInAnswer {
  status?: number;
  contentType?: string;
  body: string;
}

export interface StandIn {
  /** Base URL, `http://127.0.0.1:<port>/melodi`, as MELODI_URL. */
  base: string;
  /** Every request received: path and query as sent (after `/melodi`), and its headers. */
  requests: { url: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

/**
 * A tiny HTTP stand-in for Melodi on 127.0.0.1, answering what `answer` says for each request
 * (recorded bodies, served as they were recorded): for the client's tests of what the simulator
 * may not reproduce (bodies cut mid-stream at one page size only, the 2025 paging).
 */
export async function startStandIn(answer: (url: URL) => StandInAnswer): Promise<StandIn> {
  const requests: StandIn['requests'] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push({ url: `${url.pathname.replace(/^\/melodi/, '')}${url.search}`, headers: request.headers });
    const { status = 200, contentType = 'application/json', body } = answer(url);
    response.writeHead(status, { 'content-type': contentType });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}/melodi`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

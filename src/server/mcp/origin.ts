import type { FastifyRequest } from 'fastify';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** 127.0.0.0/8 or ::1, IPv4 ones also as IPv6 sockets show them (`::ffff:127.0.0.1`). */
const isLoopbackAddress = (address: string | undefined) => address !== undefined && /^(::ffff:)?127\.|^::1$/.test(address);

/**
 * Which browser pages may call /mcp, as the MCP specification asks of HTTP servers (an `Origin`
 * that is not allowed gets 403): a request without `Origin` (desktop clients, curl) always; with
 * one, an origin of CORS_ORIGINS's list (not `*`: an assistant acting on a visitor's behalf is not
 * the public read-only GraphQL API), or the server's own host. DNS rebinding gives a hostile page
 * the server's own host under the attacker's name, so a request that arrived on a loopback address
 * must name it by a loopback name (behind a reverse proxy on the same machine, list the site's
 * origin in CORS_ORIGINS).
 */
export function originPolicy(corsOrigins: string): (request: Pick<FastifyRequest, 'headers' | 'host' | 'hostname' | 'socket'>) => boolean {
  const listed = new Set(
    corsOrigins.trim() === '*'
      ? []
      : corsOrigins
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
  );
  return (request) => {
    const origin = request.headers.origin;
    if (origin === undefined) return true;
    if (listed.has(origin)) return true;
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      return false; // `null` (a sandboxed frame, a file) or garbage
    }
    if (originHost !== request.host.toLowerCase()) return false;
    return !isLoopbackAddress(request.socket.localAddress) || LOOPBACK_NAMES.has(request.hostname.toLowerCase());
  };
}

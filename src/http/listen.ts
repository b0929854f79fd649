import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { getRequestListener } from '@hono/node-server';

export interface Listener {
  url: string;
  /** The address the socket is bound to (`0.0.0.0` when every IPv4 interface), which `url` may not show. */
  address: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export interface ListenOptions {
  host: string;
  port: number;
  tls?: { key: string; cert: string };
}

export type FetchHandler = (request: Request, env: { incoming: unknown; outgoing: unknown }) => Response | Promise<Response>;

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Serves a fetch handler on host:port (0 = any free port), over HTTP or HTTPS. */
export function listen(fetch: FetchHandler, options: ListenOptions): Promise<Listener> {
  const requestListener = getRequestListener(fetch as Parameters<typeof getRequestListener>[0]);
  const server: Server = options.tls
    ? (createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, requestListener) as unknown as Server)
    : createHttpServer(requestListener);
  server.keepAliveTimeout = 5_000;
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const { port, address } = server.address() as AddressInfo;
      const scheme = options.tls ? 'https' : 'http';
      resolve({
        url: `${scheme}://${urlHost(options.host)}:${port}`,
        address,
        port,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections?.();
            for (const socket of sockets) socket.destroy();
          }),
      });
    });
  });
}

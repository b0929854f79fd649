import { createServer as createHttpServer, STATUS_CODES, type Server } from 'node:http';
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
  /**
   * The answer to a request Node refuses before any handler sees it (headers over 16 KiB: 431; a
   * malformed request line: 400), so it too comes in the listener's own error shape.
   */
  clientError?: (status: number, reason: string) => Response;
}

/** Node's parser errors and the status each gets; anything else just closes the socket. */
const parserErrors: Record<string, { status: number; reason: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, reason: 'the request line and headers are larger than 16 KiB' },
};

async function answerClientError(socket: Socket, response: Response): Promise<void> {
  const body = Buffer.from(await response.text());
  const head = [`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? 'Error'}`];
  response.headers.forEach((value, name) => head.push(`${name}: ${value}`));
  head.push(`content-length: ${body.length}`, 'connection: close', '', '');
  if (socket.writable) socket.end(Buffer.concat([Buffer.from(head.join('\r\n'), 'latin1'), body]));
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
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const known = parserErrors[error.code ?? ''] ?? (error.code?.startsWith('HPE_') ? { status: 400, reason: 'the request is not valid HTTP/1.1' } : undefined);
    if (!known || !options.clientError || !socket.writable || (socket as Socket & { _httpMessage?: unknown })._httpMessage) {
      socket.destroy();
      return;
    }
    answerClientError(socket, options.clientError(known.status, known.reason)).catch(() => socket.destroy());
  });
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

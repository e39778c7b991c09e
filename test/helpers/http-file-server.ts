import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';

/** What the server does for a path: serve a file or a JSON value, or misbehave. */
export type Route =
  | { readonly file: string; readonly contentLength?: number; readonly cutAfter?: number }
  | { readonly json: unknown }
  | { readonly status: number }
  | { readonly stall: true };

export interface FileServer {
  readonly url: string;
  /** Paths asked for, in order. */
  readonly requests: string[];
  /** Bytes of bodies sent, per path. */
  readonly sent: Map<string, number>;
  close(): Promise<void>;
}

/**
 * A local HTTP server for download tests: real sockets, real Content-Length, and the failures a
 * download meets (a status, a connection cut mid-body, a server that never answers).
 * `routes(path, attempt)` decides per request; `attempt` counts requests for that path.
 */
export async function startFileServer(routes: (path: string, attempt: number) => Route | undefined): Promise<FileServer> {
  const requests: string[] = [];
  const sent = new Map<string, number>();
  const count = (path: string, bytes: number) => sent.set(path, (sent.get(path) ?? 0) + bytes);
  const sockets = new Set<import('net').Socket>();
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push(path);
    const route = routes(path, requests.filter(r => r === path).length);
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code></Error>');
    } else if ('status' in route) {
      res.writeHead(route.status).end('<Error><Code>ServiceUnavailable</Code></Error>');
    } else if ('stall' in route) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{');
    } else if ('json' in route) {
      const body = JSON.stringify(route.json);
      count(path, Buffer.byteLength(body));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    } else {
      const size = fs.statSync(route.file).size;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': route.contentLength ?? size });
      const stream = fs.createReadStream(route.file, route.cutAfter !== undefined ? { end: route.cutAfter - 1 } : {});
      stream.on('data', chunk => count(path, chunk.length));
      stream.pipe(res, { end: route.cutAfter === undefined });
      if (route.cutAfter !== undefined) {
        stream.on('end', () => res.socket?.destroy());
      }
    }
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    sent,
    close: () => new Promise<void>(resolve => {
      sockets.forEach(s => s.destroy());
      server.close(() => resolve());
    }),
  };
}

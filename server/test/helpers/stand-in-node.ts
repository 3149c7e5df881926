import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

/** What a stand-in node tells its caller about a request it received. */
export interface EchoedRequest {
  node: string;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  bodyBytes: number;
}

export interface StandInNode {
  readonly name: string;
  readonly port: number;
  /** Every request and WebSocket upgrade it received, oldest first. */
  readonly received: EchoedRequest[];
  /** `/api/health` answers 503 `degraded` (PostgreSQL or Redis unreachable); the rest works. */
  degrade(): void;
  /** As a node does on SIGTERM: health says 503 `draining`, and new connections are refused. */
  drain(): void;
  /** Stops listening and drops every connection (a node that died). */
  close(): Promise<void>;
}

/**
 * A tiny `node:http` server in place of a Beacon node behind nginx: `GET /api/health` answers
 * `{status:'ok', node}`, any other request is echoed back as JSON (`EchoedRequest`), and a
 * WebSocket on `/socket.io/` echoes each message prefixed with the node's name.
 */
export async function startStandInNode(name: string): Promise<StandInNode> {
  const received: EchoedRequest[] = [];
  let health: 'ok' | 'degraded' | 'draining' = 'ok';
  const server = createServer((request, response) => {
    let bodyBytes = 0;
    request.on('data', (chunk: Buffer) => {
      bodyBytes += chunk.length;
    });
    request.on('end', () => {
      const echoed: EchoedRequest = {
        node: name,
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        bodyBytes,
      };
      received.push(echoed);
      const [status, body] =
        request.url !== '/api/health'
          ? [200, echoed]
          : [health === 'ok' ? 200 : 503, { status: health, node: name }];
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    });
  });
  // Longer than nginx keeps an idle upstream connection (60 s), as Fastify's 72 s is: nginx, not the
  // node, closes it, so a request never meets a connection the node has just dropped.
  server.keepAliveTimeout = 120_000;
  const sockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    received.push({
      node: name,
      method: request.method ?? '',
      url: request.url ?? '',
      headers: request.headers,
      bodyBytes: 0,
    });
    if (!request.url?.startsWith('/socket.io/')) {
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      ws.on('message', (data) => ws.send(`${name}:${data.toString()}`));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    name,
    port,
    received,
    degrade() {
      health = 'degraded';
    },
    drain() {
      health = 'draining';
      // Stops listening; idle keep-alive connections go too (Fastify's forceCloseConnections).
      server.close();
      server.closeIdleConnections();
    },
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

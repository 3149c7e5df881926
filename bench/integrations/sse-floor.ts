/**
 * The floor of the SSE figures: a bare node:http relay. `GET /events` keeps the response open
 * as a text/event-stream; `POST /publish` writes its body, as one SSE frame, to every open
 * stream at once. No tokens, no filters, no presence rules, no replay buffer, no store.
 */
import { createServer, type ServerResponse } from 'node:http';

const streams = new Set<ServerResponse>();
let nextId = 1;

const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url?.startsWith('/events')) {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    response.write(`id: 0\nevent: ready\ndata: {}\n\n`);
    streams.add(response);
    response.on('close', () => streams.delete(response));
    return;
  }
  if (request.method === 'POST' && request.url === '/publish') {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      const frame = `id: ${nextId++}\nevent: presence\ndata: ${body.replace(/\n/g, ' ')}\n\n`;
      for (const stream of streams) stream.write(frame);
      response.end();
    });
    return;
  }
  response.statusCode = 404;
  response.end();
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`sse floor listening on http://127.0.0.1:${port}\n`);
});

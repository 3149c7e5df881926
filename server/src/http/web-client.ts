import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './errors';

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Beacon</title></head>
<body style="font-family: system-ui, sans-serif; margin: 3rem">
<h1>Beacon server is running</h1>
<p>Beacon web client not built — run <code>npm run build</code> at the repository root, then reload.</p>
</body></html>
`;

export interface WebClientOptions {
  /** The renderer's web build (`out/web`); null serves no client. */
  root: string | null;
}

function isApiPath(url: string): boolean {
  return url.startsWith('/api/') || url === '/api' || url.startsWith('/socket.io');
}

function wantsPage(request: FastifyRequest): boolean {
  return (request.method === 'GET' || request.method === 'HEAD') && !isApiPath(request.url);
}

/**
 * Serves the renderer's web build at `/`, with the single-page-app fallback to
 * index.html for client-side routes; unknown API paths answer `404 not_found`.
 * Registered on the root instance: it owns the not-found handler.
 */
export function installWebClient(app: FastifyInstance, options: WebClientOptions): void {
  const root = options.root && existsSync(join(options.root, 'index.html')) ? options.root : null;
  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    sendError(
      reply,
      404,
      'not_found',
      `${request.method} ${request.url.split('?')[0] ?? ''}: no such resource`,
    );

  if (!root) {
    const page = (_request: FastifyRequest, reply: FastifyReply) =>
      reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    app.get('/', page);
    app.get('/index.html', page);
    app.setNotFoundHandler(notFound);
    return;
  }
  void app.register(fastifyStatic, { root, prefix: '/', index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    if (wantsPage(request)) return reply.sendFile('index.html', root);
    return notFound(request, reply);
  });
}

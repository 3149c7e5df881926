import type { FastifyInstance } from 'fastify';

export const OPENAPI_PATH = '/api/openapi.json';

/**
 * `GET /api/openapi.json`, no auth: the document, built once, on the first request. The generator
 * (zod-to-openapi and http/openapi.ts) is imported then, so a server nobody asks for it never
 * loads it.
 */
export async function openApiRoute(app: FastifyInstance): Promise<void> {
  let document: Promise<string> | null = null;
  app.get(OPENAPI_PATH, async (_request, reply) => {
    document ??= import('./openapi').then(({ buildOpenApiDocument }) =>
      JSON.stringify(buildOpenApiDocument()),
    );
    let body: string;
    try {
      body = await document;
    } catch (error) {
      document = null; // the next request tries again
      throw error;
    }
    return reply.type('application/json; charset=utf-8').send(body);
  });
}

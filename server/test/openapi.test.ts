import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENAPI_PATH, toOpenApiPath } from '../src/http/openapi';
import { startTestServer, type TestServer } from './helpers/test-server';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

/** Every `METHOD /path` the real server registers under /api, seen through Fastify's `onRoute` hook. */
const registered = new Set<string>();
let t: TestServer;

// Fastify announces each new instance on this channel before any route exists.
const onInstance = (message: unknown) => {
  const { fastify } = message as { fastify: FastifyInstance };
  fastify.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') && route.url !== '/api') return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) registered.add(`${method.toLowerCase()} ${toOpenApiPath(route.url)}`);
  });
};

interface Document {
  openapi: string;
  paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  [key: string]: unknown;
}
let doc: Document;

beforeAll(async () => {
  subscribe('fastify.initialization', onInstance);
  try {
    t = await startTestServer();
  } finally {
    unsubscribe('fastify.initialization', onInstance);
  }
  const response = await fetch(`${t.url}${OPENAPI_PATH}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  doc = (await response.json()) as Document;
});

afterAll(async () => {
  await t?.close();
});

function documented(): Set<string> {
  const operations = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) if (item[method]) operations.add(`${method} ${path}`);
  }
  return operations;
}

/** Fastify's automatic HEAD of each GET route is not an operation of its own. */
function routes(): Set<string> {
  return new Set(
    [...registered].filter((op) => !(op.startsWith('head ') && registered.has(op.replace(/^head /, 'get ')))),
  );
}

describe('GET /api/openapi.json', () => {
  it('is served without auth as an OpenAPI 3.1 document', () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc).toHaveProperty('info.title');
    expect(doc).toHaveProperty('components.securitySchemes.bearerAuth.scheme', 'bearer');
  });

  it('documents every /api route the server registers', () => {
    expect(routes().size).toBeGreaterThanOrEqual(10);
    const missing = [...routes()].filter((op) => !documented().has(op));
    expect(missing, 'routes without an OpenAPI operation').toEqual([]);
  });

  it('documents only routes that exist', () => {
    const extra = [...documented()].filter((op) => !routes().has(op));
    expect(extra, 'OpenAPI operations without a route').toEqual([]);
  });

  it('gives every operation responses, and every error response the contract error shape', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of METHODS) {
        const operation = item[method];
        if (!operation) continue;
        const responses = Object.entries(operation.responses ?? {});
        expect(responses.length, `${method} ${path}`).toBeGreaterThan(0);
        for (const [status, response] of responses) {
          expect(status, `${method} ${path}`).toMatch(/^[1-5]\d\d$/);
          // A failed health check still answers the health report, for the load balancer and the operator.
          if (Number(status) >= 400 && !(path === '/api/health' && status === '503')) {
            expect(response, `${method} ${path} ${status}`).toHaveProperty(
              ['content', 'application/json', 'schema', '$ref'],
              '#/components/schemas/Error',
            );
          }
        }
      }
    }
  });

  it('resolves every $ref', () => {
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === '$ref' && typeof value === 'string') refs.push(value);
          else walk(value);
        }
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref, ref).toMatch(/^#\//);
      const target = ref
        .slice(2)
        .split('/')
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], doc);
      expect(target, `${ref} resolves`).toBeDefined();
    }
  });

  it('names the scope of each integration route in its security and description', () => {
    const scopeOf: Record<string, string> = {
      'get /api/v1/presence': 'presence:read',
      'put /api/v1/presence/{email}/claims/{claimId}': 'presence:write',
      'delete /api/v1/presence/{email}/claims/{claimId}': 'presence:write',
      'get /api/v1/events': 'events:read',
      'post /api/v1/messages': 'messages:write',
    };
    for (const [op, scope] of Object.entries(scopeOf)) {
      const [method = '', path = ''] = op.split(' ');
      const operation = doc.paths[path]?.[method] as { security?: unknown; description?: string };
      expect(operation.security, op).toEqual([{ bearerAuth: [scope] }]);
      expect(operation.description, op).toContain(scope);
    }
  });
});

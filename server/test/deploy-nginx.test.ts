import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { commandWorks, freePort, requiredTool } from './helpers/deploy-tools';
import {
  localisedBeaconConf,
  nginxConfigTest,
  type RunningNginx,
  type SelfSignedPair,
  selfSignedPair,
  startNginx,
  writeNginxRoot,
} from './helpers/nginx';
import { type EchoedRequest, type StandInNode, startStandInNode } from './helpers/stand-in-node';

// deploy/nginx/beacon.conf, checked by nginx itself and then run in front of two stand-in nodes.
const hasNginx =
  requiredTool('nginx', commandWorks('nginx', ['-v']), 'apt-get install -y nginx') &&
  requiredTool('openssl', commandWorks('openssl', ['version']), 'apt-get install -y openssl');

const MIB = 1024 * 1024;

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Call {
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Sends only the headers with this Content-Length, then waits for the answer (a refused body). */
  declaredLength?: number;
}

describe.skipIf(!hasNginx)('deploy/nginx/beacon.conf', () => {
  let dir: string;
  let pair: SelfSignedPair;
  let ports: { http: number; https: number };
  let nodes: [StandInNode, StandInNode];
  let nginx: RunningNginx | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'beacon-nginx-'));
    // nginx's workers run as an unprivileged user when it is started as root.
    chmodSync(dir, 0o755);
    pair = selfSignedPair(dir);
    nodes = [await startStandInNode('a'), await startStandInNode('b')];
    ports = { http: await freePort(), https: await freePort() };
    const conf = join(dir, 'beacon.conf');
    writeFileSync(conf, localisedBeaconConf(pair, { ...ports, nodes: [nodes[0].port, nodes[1].port] }));
    writeNginxRoot(dir, conf);
  });

  afterAll(async () => {
    await nginx?.stop();
    for (const node of nodes ?? []) await node.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('passes nginx -t', () => {
    const { status, output } = nginxConfigTest(dir, join(dir, 'nginx.conf'));
    expect(output).toContain('test is successful');
    expect(status).toBe(0);
  });

  describe('in front of two nodes', () => {
    beforeAll(async () => {
      nginx = await startNginx(dir, join(dir, 'nginx.conf'), ports.https);
    });

    const call = (path: string, options: Call = {}): Promise<Answer> =>
      send(httpsRequest, ports.https, path, { ...options, ca: pair.pem });
    const echoOf = (answer: Answer): EchoedRequest => JSON.parse(answer.body) as EchoedRequest;
    const nodeOf = (answer: Answer): string => (JSON.parse(answer.body) as { node: string }).node;

    it('answers /api/health over TLS from a node, every time from the same one (sticky)', async () => {
      const answers = [];
      for (let i = 0; i < 6; i++) answers.push(await call('/api/health'));
      for (const answer of answers) expect(answer.status).toBe(200);
      expect(new Set(answers.map(nodeOf)).size).toBe(1);
      expect(answers[0]?.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    });

    it("tells the node the client's address and scheme, whatever the client claims", async () => {
      const answer = await call('/api/echo?x=1', { headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(answer.status).toBe(200);
      const { headers, url } = echoOf(answer);
      expect(url).toBe('/api/echo?x=1');
      expect(headers['x-forwarded-for']).toBe('127.0.0.1');
      expect(headers['x-real-ip']).toBe('127.0.0.1');
      expect(headers['x-forwarded-proto']).toBe('https');
      expect(headers.host).toBe('127.0.0.1');
    });

    it('passes a WebSocket upgrade on /socket.io/ through to the same node', async () => {
      const sticky = nodeOf(await call('/api/health'));
      const ws = new WebSocket(`wss://127.0.0.1:${ports.https}/socket.io/?EIO=4&transport=websocket`, {
        ca: pair.pem,
      });
      try {
        const reply = await new Promise<string>((resolve, reject) => {
          ws.once('open', () => ws.send('hello'));
          ws.once('message', (data) => resolve(data.toString()));
          ws.once('error', reject);
        });
        expect(reply).toBe(`${sticky}:hello`);
      } finally {
        ws.close();
      }
      const upgrade = allReceived(nodes).findLast((entry) => entry.url.startsWith('/socket.io/'));
      expect(upgrade?.headers.upgrade).toBe('websocket');
      expect(upgrade?.headers.connection?.toLowerCase()).toContain('upgrade');
      expect(upgrade?.headers['x-forwarded-proto']).toBe('https');
    });

    it('refuses /metrics without asking a node', async () => {
      expect((await call('/metrics')).status).toBe(403);
      expect((await call('/metrics?format=text')).status).toBe(403);
      expect(allReceived(nodes).some((entry) => entry.url.startsWith('/metrics'))).toBe(false);
    });

    it('redirects plain HTTP to HTTPS', async () => {
      const answer = await send(httpRequest, ports.http, '/some/page?x=1', {});
      expect(answer.status).toBe(301);
      expect(answer.headers.location).toBe('https://127.0.0.1/some/page?x=1');
    });

    it('takes uploads up to the file limit, other bodies up to 1 MiB', async () => {
      const upload = await call('/api/v1/files', {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: Buffer.alloc(2 * MIB),
      });
      expect(upload.status).toBe(200);
      expect(echoOf(upload).bodyBytes).toBe(2 * MIB);
      const tooLargeFile = await call('/api/v1/files', { method: 'POST', declaredLength: 102 * MIB });
      expect(tooLargeFile.status).toBe(413);
      const tooLargeOther = await call('/api/echo', { method: 'POST', declaredLength: 2 * MIB });
      expect(tooLargeOther.status).toBe(413);
    });

    it("passes a node's 503 `degraded` on, without taking the node out", async () => {
      const sticky = nodeOf(await call('/api/health'));
      const degraded = sticky === nodes[0].name ? nodes[0] : nodes[1];
      degraded.degrade();
      // More than max_fails (3) within fail_timeout: were a 503 a failure, the node would be out now.
      for (let i = 0; i < 5; i++) {
        const answer = await call('/api/health');
        expect(answer.status).toBe(503);
        expect(JSON.parse(answer.body)).toEqual({ status: 'degraded', node: degraded.name });
      }
      const echo = await call('/api/echo');
      expect(echo.status).toBe(200);
      expect(echoOf(echo).node).toBe(degraded.name);
    });

    // Last: it takes a node away.
    it('moves requests to the other node when one drains (refuses connections), then dies', async () => {
      const sticky = nodeOf(await call('/api/echo'));
      const [leaving, staying] = sticky === nodes[0].name ? nodes : [nodes[1], nodes[0]];
      leaving.drain();
      for (const path of ['/api/health', '/api/echo', '/api/echo']) {
        const answer = await call(path);
        expect(answer.status).toBe(200);
        expect(nodeOf(answer)).toBe(staying.name);
      }
      await leaving.close();
      const afterwards = await call('/api/health');
      expect(afterwards.status).toBe(200);
      expect(nodeOf(afterwards)).toBe(staying.name);
    });
  });
});

function allReceived(nodes: StandInNode[]): EchoedRequest[] {
  return nodes.flatMap((node) => node.received);
}

function send(
  request: typeof httpRequest | typeof httpsRequest,
  port: number,
  path: string,
  options: Call & { ca?: string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body) headers['content-length'] = String(options.body.length);
    if (options.declaredLength !== undefined) headers['content-length'] = String(options.declaredLength);
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers,
        agent: false,
        ...(options.ca === undefined ? {} : { ca: options.ca }),
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
          if (options.declaredLength !== undefined) outgoing.destroy();
        });
      },
    );
    outgoing.on('error', reject);
    if (options.declaredLength !== undefined) {
      outgoing.flushHeaders();
      return;
    }
    outgoing.end(options.body);
  });
}

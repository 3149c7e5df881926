import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * The load balancer in front of the nodes, as nginx does it with passive health checks: each
 * new connection goes to the first backend (by preference) that accepts it, so the clients of
 * a dead node land on the other one when they reconnect.
 */
export class FailoverProxy {
  private readonly server: Server;
  private readonly open = new Set<Socket>();

  private constructor(
    server: Server,
    readonly port: number,
  ) {
    this.server = server;
  }

  static start(backendPorts: () => number[]): Promise<FailoverProxy> {
    let proxy: FailoverProxy | null = null;
    const server = createServer((client) => {
      client.pause();
      const tryBackend = (ports: number[]) => {
        const [port, ...rest] = ports;
        if (port === undefined) {
          client.destroy();
          return;
        }
        const upstream = createConnection({ host: '127.0.0.1', port });
        // Before `connect` only: refused or reset, so the next backend gets the connection.
        upstream.once('error', () => {
          upstream.destroy();
          tryBackend(rest);
        });
        upstream.once('connect', () => {
          upstream.removeAllListeners('error');
          proxy?.track(client, upstream);
          client.pipe(upstream).pipe(client);
          client.resume();
        });
      };
      tryBackend(backendPorts());
    });
    return new Promise((resolve) => {
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        proxy = new FailoverProxy(server, typeof address === 'object' && address ? address.port : 0);
        resolve(proxy);
      });
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private track(client: Socket, upstream: Socket): void {
    for (const socket of [client, upstream]) {
      this.open.add(socket);
      socket.once('close', () => this.open.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  }
}

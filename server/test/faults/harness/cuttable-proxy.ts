import { connect, createServer, type Server, type Socket } from 'node:net';

interface Pair {
  client: Socket;
  upstream: Socket | null;
}

/**
 * A TCP proxy on loopback whose "network" can be cut: while cut, bytes are swallowed in
 * both directions and no connection is closed — nobody gets a FIN or RST, exactly as
 * when a laptop drops off Wi-Fi. Only heartbeats can tell the parties apart.
 */
export class CuttableProxy {
  private readonly pairs = new Set<Pair>();
  private isCut = false;

  private constructor(
    private readonly server: Server,
    private readonly target: { host: string; port: number },
  ) {
    server.on('connection', (client) => this.accept(client));
  }

  static async start(targetUrl: string): Promise<CuttableProxy> {
    const target = new URL(targetUrl);
    const server = createServer();
    const proxy = new CuttableProxy(server, { host: target.hostname, port: Number(target.port) });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('the proxy is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  /** From now on nothing passes, and new connections hang without an answer. */
  cut(): void {
    this.isCut = true;
  }

  /**
   * The network is back. Connections that lived through the cut are reset (the server
   * gave up on them long ago, as a real server would answer with RST); new ones pass.
   */
  restore(): void {
    this.isCut = false;
    for (const pair of this.pairs) {
      pair.client.destroy();
      pair.upstream?.destroy();
    }
    this.pairs.clear();
  }

  async close(): Promise<void> {
    this.restore();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    const pair: Pair = { client, upstream: null };
    this.pairs.add(pair);
    client.on('error', () => this.drop(pair));
    client.on('close', () => this.drop(pair));
    // A connection attempt during the cut is left hanging: no SYN-ACK ever comes in reality.
    if (this.isCut) return;
    const upstream = connect(this.target.port, this.target.host);
    pair.upstream = upstream;
    upstream.on('error', () => this.drop(pair));
    upstream.on('close', () => this.drop(pair));
    client.on('data', (chunk) => {
      if (!this.isCut) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!this.isCut) client.write(chunk);
    });
  }

  private drop(pair: Pair): void {
    // While cut, a close on one side must not reach the other: the cable is out.
    if (this.isCut) return;
    this.pairs.delete(pair);
    pair.client.destroy();
    pair.upstream?.destroy();
  }
}

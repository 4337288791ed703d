import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy between a client and a server that can fail the network on demand (tests only):
 *
 * - cut(): resets every open connection at once, both sides (the server sees its client vanish, the
 *   client gets ECONNRESET / "Connection terminated"), like a restarted firewall or a dropped link;
 * - stall(): stops forwarding in both directions and holds the sockets open, closes included, like a
 *   partition: the client hears nothing, and the server does not learn the client is gone (its
 *   session stays, e.g. idle in transaction, until a server-side timeout ends it). New connections
 *   are accepted and held too. resume() ends the stall: held connections are reset, new ones pass.
 */
export class TcpFaultProxy {
  private readonly pairs = new Set<{ client: Socket; upstream: Socket }>();
  private stalled = false;
  private cuts = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetHost: string, targetPort: number): Promise<TcpFaultProxy> {
    const holder: { proxy?: TcpFaultProxy } = {};
    const server = createServer((client) => holder.proxy?.accept(client, targetHost, targetPort));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy has no TCP address');
    holder.proxy = new TcpFaultProxy(server, address.port);
    return holder.proxy;
  }

  /** The same URL, through the proxy. */
  rewrite(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.port);
    return parsed.toString();
  }

  get connections(): number {
    return this.pairs.size;
  }

  get cutCount(): number {
    return this.cuts;
  }

  cut(): void {
    this.cuts += 1;
    for (const pair of [...this.pairs]) this.reset(pair);
  }

  stall(): void {
    this.stalled = true;
    for (const { client, upstream } of this.pairs) {
      client.pause();
      upstream.pause();
    }
  }

  resume(): void {
    this.stalled = false;
    this.cut();
  }

  async stop(): Promise<void> {
    this.stalled = false;
    for (const pair of [...this.pairs]) this.reset(pair);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, host: string, port: number): void {
    const upstream = connect(port, host);
    const pair = { client, upstream };
    this.pairs.add(pair);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    if (this.stalled) {
      client.pause();
      upstream.pause();
    }
    // Forward by hand, not pipe(): a stalled pair must forward nothing, its close included. A chunk read
    // just as the stall began is dropped: the pair is reset on resume anyway.
    client.on('data', (chunk) => (this.stalled ? client.pause() : upstream.write(chunk)));
    upstream.on('data', (chunk) => (this.stalled ? upstream.pause() : client.write(chunk)));
    const closeBoth = () => {
      if (!this.stalled) this.reset(pair);
    };
    client.on('close', closeBoth);
    upstream.on('close', closeBoth);
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  }

  private reset(pair: { client: Socket; upstream: Socket }): void {
    this.pairs.delete(pair);
    pair.client.resetAndDestroy();
    pair.upstream.resetAndDestroy();
  }
}

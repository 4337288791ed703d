import { createHash } from 'node:crypto';
import { Client } from 'pg';
import type { Lease } from '../read-store.port';

/** A signed 64-bit advisory-lock key (decimal text) from a name. */
export function advisoryKey(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}

/**
 * The projecting lease: a session-level advisory lock held on a dedicated connection. It is released by
 * PostgreSQL when that session ends, so a killed process (or a dropped connection) passes the lease on
 * without any expiry to tune. Losing the connection means losing the lease: listeners are told at once,
 * and the checkpoint's compare-and-set catches a transaction of the old leader still in flight.
 */
export class AdvisoryLease implements Lease {
  private client: Client | undefined;
  private holding = false;
  private readonly listeners: Array<() => void> = [];

  constructor(
    private readonly connectionString: string,
    private readonly key: string,
    private readonly applicationName: string,
  ) {}

  get held(): boolean {
    return this.holding;
  }

  onLost(listener: () => void): void {
    this.listeners.push(listener);
  }

  async tryAcquire(): Promise<boolean> {
    if (this.holding) return true;
    const client = await this.connected();
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [
      this.key,
    ]);
    this.holding = rows[0]?.locked === true && this.client === client;
    return this.holding;
  }

  private async connected(): Promise<Client> {
    if (this.client) return this.client;
    const client = new Client({
      connectionString: this.connectionString,
      application_name: this.applicationName,
      keepAlive: true,
    });
    const gone = (): void => this.connectionGone(client);
    client.on('error', gone);
    client.on('end', gone);
    this.client = client;
    try {
      await client.connect();
    } catch (error) {
      this.client = undefined;
      throw error;
    }
    return client;
  }

  private connectionGone(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    if (!this.holding) return;
    this.holding = false;
    for (const listener of this.listeners) listener();
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.holding = false;
    if (!client) return;
    await client.end().catch(() => undefined); // ending the session releases the lock
  }
}

import { mintToken, type Role } from '@ledger/platform';

/**
 * A small HTTP client for the service running as a child process (reliability tests). Every request is
 * bounded in time; a refused or dropped connection is an answer too ('network'), never an exception, so
 * a client loop can tell "the service is down" from "the service said no".
 */
export const RELIABILITY_JWT_SECRET = 'reliability-secret-0123456789abcdef0123456789';
export const JWT_ISSUER = 'yibao-ledger';
const DEFAULT_TIMEOUT_MS = 15_000;

export interface HttpReply<T = Record<string, unknown>> {
  kind: 'http';
  status: number;
  headers: Record<string, string>;
  body: T;
  /** Milliseconds from send to the whole body read. */
  ms: number;
}

export interface NetworkFailure {
  kind: 'network';
  error: string;
  ms: number;
}

export type Reply<T = Record<string, unknown>> = HttpReply<T> | NetworkFailure;

export interface RequestOptions {
  role?: Role | null;
  body?: unknown;
  /** Sent as is (malformed JSON and the like). */
  rawBody?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export class LedgerClient {
  private readonly tokens = new Map<Role, string>();

  /** baseUrl may be a getter: a restarted service listens on another port. */
  constructor(
    private readonly baseUrl: string | (() => string),
    private readonly secret = RELIABILITY_JWT_SECRET,
  ) {}

  get url(): string {
    return typeof this.baseUrl === 'string' ? this.baseUrl : this.baseUrl();
  }

  token(role: Role): string {
    let token = this.tokens.get(role);
    if (!token) {
      token = mintToken(this.secret, JWT_ISSUER, `reliability-${role}`, role);
      this.tokens.set(role, token);
    }
    return token;
  }

  async request<T = Record<string, unknown>>(
    method: 'GET' | 'POST',
    path: string,
    options: RequestOptions = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.role !== null) headers['authorization'] ??= `Bearer ${this.token(options.role ?? 'admin')}`;
    const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const started = performance.now();
    try {
      const response = await fetch(`${this.url}${path}`, {
        method,
        headers,
        body: payload,
        signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
      const text = await response.text();
      const responseHeaders: Record<string, string> = {};
      response.headers.forEach((value, name) => (responseHeaders[name] = value));
      let body: unknown = {};
      if (text) {
        try {
          body = JSON.parse(text);
        } catch {
          body = { unparsed: text };
        }
      }
      return {
        kind: 'http',
        status: response.status,
        headers: responseHeaders,
        body: body as T,
        ms: performance.now() - started,
      };
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
      return { kind: 'network', error: detail, ms: performance.now() - started };
    }
  }

  post<T = Record<string, unknown>>(
    path: string,
    body: unknown,
    role: Role = 'finance',
    options: RequestOptions = {},
  ): Promise<Reply<T>> {
    return this.request<T>('POST', path, { ...options, body, role });
  }

  get<T = Record<string, unknown>>(
    path: string,
    role: Role | null = 'auditor',
    options: RequestOptions = {},
  ): Promise<Reply<T>> {
    return this.request<T>('GET', path, { ...options, role });
  }

  /** A read that must answer 200: throws with the answer otherwise (setup and final checks). */
  async read<T = Record<string, unknown>>(path: string, role: Role = 'auditor'): Promise<T> {
    const reply = await this.get<T>(path, role);
    if (reply.kind !== 'http' || reply.status !== 200) throw new Error(`GET ${path} -> ${describe(reply)}`);
    return reply.body;
  }
}

export function describe(reply: Reply<unknown>): string {
  return reply.kind === 'network' ? `network error ${reply.error}` : `${reply.status} ${JSON.stringify(reply.body)}`;
}

export const isProblem = (
  reply: Reply<unknown>,
): reply is HttpReply<{ code?: string; status?: number; title?: string }> =>
  reply.kind === 'http' && /^application\/problem\+json/.test(reply.headers['content-type'] ?? '');

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A seeded PRNG (mulberry32), so a failing random schedule can be replayed from the seed in the log. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedFromEnv(name = 'RELIABILITY_SEED'): number {
  const fixed = process.env[name];
  return fixed ? Number(fixed) : Math.floor(Math.random() * 2 ** 31);
}

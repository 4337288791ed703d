import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  LedgerMetrics,
  ProblemException,
  sendProblem,
  Problems,
  TokenVerifier,
  type LedgerConfig,
  type Principal,
} from '@ledger/platform';
import { PROBLEM_DOCS_PATH, catalogedCodes, codeOfSlug, problemDoc, registerProblemCodes } from '@ledger/platform/http/problem-catalog';
import { DOMAIN_PROBLEM_CODES } from '@ledger/fund-ledger/problem-codes';
import { serveConsole } from './console-static';

/**
 * The HTTP edge, set up once from createApp: request ids, security headers (helmet, with a CSP that keeps
 * Swagger UI at /docs working), the rate limit, who may read /metrics, the problem-type pages and `/` ->
 * `/docs`. Everything here runs in Fastify hooks, before Nest's guard; refusals are ProblemExceptions, so
 * they leave through the same problem+json filter (and its log line) as every other error.
 */

/** An incoming x-request-id is kept when it looks like an id (a proxy's or a client's), else replaced. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** FastifyAdapter options: the request id is the well-formed incoming x-request-id, else a new UUID. */
export const requestIdOptions = {
  requestIdHeader: false as const,
  genReqId: (request: IncomingMessage): string => {
    const incoming = request.headers['x-request-id'];
    return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  },
};

/** Probes must never be rate limited: a 429 on readiness would take a healthy instance out of service. */
const UNLIMITED_PATHS = new Set(['/health', '/health/live']);
const METRICS_PATH = '/metrics';

export async function setupHttpEdge(app: NestFastifyApplication, config: LedgerConfig): Promise<void> {
  registerProblemCodes(DOMAIN_PROBLEM_CODES);
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const verifier = app.get(TokenVerifier);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  await app.register(helmet as never, { contentSecurityPolicy: { useDefaults: true, directives: SWAGGER_UI_CSP } });
  if (config.rateLimitMax > 0) {
    await app.register(rateLimit as never, {
      global: true,
      max: config.rateLimitMax,
      timeWindow: config.rateLimitWindowMs,
      allowList: (request: FastifyRequest) => UNLIMITED_PATHS.has(pathOf(request)),
      keyGenerator: async (request: FastifyRequest) => {
        const principal = await principalOf(request, verifier);
        return principal ? `sub:${principal.actor}` : `ip:${request.ip}`;
      },
      errorResponseBuilder: (_request: FastifyRequest, context: { ttl: number }) =>
        Problems.rateLimited(Math.max(1, Math.ceil(context.ttl / 1000))),
    });
  }
  guardMetrics(fastify, config, verifier, app.get(LedgerMetrics));
  fastify.get('/', { helmet: false } as never, (_request, reply) => reply.redirect('/docs', 302));
  serveProblemPages(fastify);
  await serveConsole(app);
}

/**
 * Swagger UI (served from /docs by @nestjs/swagger) loads its scripts and styles from the same origin, has
 * inline <style> blocks and data: images, and calls the API on the same origin ("Try it out"). No inline
 * script: the init code is /docs/swagger-ui-init.js. upgrade-insecure-requests is left out so that the
 * page works over plain HTTP on a private network (TLS is the proxy's job).
 */
const SWAGGER_UI_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

/**
 * /metrics is not public. With LEDGER_METRICS_PORT it is served on that port only (scrape it there; keep the
 * port off the public network) and the API port answers 404; without it, the API port serves it to admin
 * tokens (Prometheus: `authorization: { credentials_file: ... }` with a long-lived admin token).
 */
function guardMetrics(fastify: FastifyInstance, config: LedgerConfig, verifier: TokenVerifier, metrics: LedgerMetrics): void {
  fastify.addHook('onRequest', async (request) => {
    if (pathOf(request) !== METRICS_PATH) return;
    if (config.metricsPort !== undefined) {
      throw new ProblemException(404, 'NOT_FOUND', 'Not found', `metrics are served on port ${config.metricsPort} (LEDGER_METRICS_PORT)`);
    }
    const principal = await principalOf(request, verifier, true);
    if (principal?.role !== 'admin') throw Problems.forbidden('/metrics needs an admin token (or set LEDGER_METRICS_PORT)');
  });
  if (config.metricsPort === undefined) return;
  let server: Server | undefined;
  fastify.addHook('onReady', async () => {
    server = await startMetricsServer(fastify, metrics, config.host, config.metricsPort ?? 0);
  });
  fastify.addHook('onClose', async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });
}

const metricsServers = new WeakMap<object, Server>();

/** The metrics listener of an app (LEDGER_METRICS_PORT; 0 picks a free port), once it is ready. */
export function metricsAddress(app: NestFastifyApplication): AddressInfo | undefined {
  const server = metricsServers.get(app.getHttpAdapter().getInstance());
  const address = server?.address();
  return address && typeof address === 'object' ? address : undefined;
}

function startMetricsServer(fastify: FastifyInstance, metrics: LedgerMetrics, host: string, port: number): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== METRICS_PATH) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: GET /metrics\n');
      return;
    }
    metrics.render().then(
      (text) => response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(text),
      () => response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n'),
    );
  });
  metricsServers.set(fastify, server);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/** The verified principal of a bearer token; undefined without one (or, unless required, with a bad one). */
async function principalOf(request: FastifyRequest, verifier: TokenVerifier, required = false): Promise<Principal | undefined> {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(request.headers.authorization ?? '');
  if (!match) {
    if (required) throw Problems.unauthenticated('missing Authorization: Bearer <token>');
    return undefined;
  }
  try {
    return await verifier.verify(match[1]!);
  } catch (error) {
    if (required) throw Problems.unauthenticated(`invalid token: ${error instanceof Error ? error.message : 'invalid'}`);
    return undefined;
  }
}

const pathOf = (request: FastifyRequest): string => request.url.split('?')[0] ?? request.url;

/** GET /problems (every code) and /problems/<slug> (one): what each problem `type` resolves to. */
function serveProblemPages(fastify: FastifyInstance): void {
  fastify.get(PROBLEM_DOCS_PATH, async (_request, reply) => {
    const rows = catalogedCodes()
      .map(([code, doc]) => `<tr><td>${doc.status}</td><td><a href="${PROBLEM_DOCS_PATH}/${slug(code)}"><code>${code}</code></a></td><td>${escapeHtml(doc.meaning)}</td></tr>`)
      .join('\n');
    return reply.type('text/html; charset=utf-8').send(page('Problem types', `<table><tr><th>Status</th><th>Code</th><th>Meaning</th></tr>\n${rows}</table>`));
  });
  fastify.get<{ Params: { slug: string } }>(`${PROBLEM_DOCS_PATH}/:slug`, async (request, reply) => {
    const code = codeOfSlug(request.params.slug);
    const doc = code ? problemDoc(code) : undefined;
    // A raw Fastify route: Nest's filter does not see its errors, so the problem is sent here.
    if (!code || !doc) return sendProblem(reply, new ProblemException(404, 'NOT_FOUND', 'Not found', `no problem type ${request.params.slug}; see ${PROBLEM_DOCS_PATH}`), pathOf(request));
    return reply
      .type('text/html; charset=utf-8')
      .send(page(code, `<p>HTTP ${doc.status}. ${escapeHtml(doc.meaning)}</p><p>Problems are <code>application/problem+json</code> (RFC 9457): switch on <code>code</code>; <code>field</code> names the field at fault. <a href="${PROBLEM_DOCS_PATH}">All problem types</a> · <a href="/docs">API</a></p>`));
  });
}

const slug = (code: string): string => code.toLowerCase().replace(/_/g, '-');

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} — fund ledger</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

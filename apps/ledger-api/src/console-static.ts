import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The web console (apps/console, built by `npm run build` into dist/console) served under /console: its
 * hashed assets as static files (cached for a year: a new build has new names), and index.html for every
 * other /console path (the console routes in the browser). The console is a client of the public API
 * only; these routes need no token (the page holds none until the user signs in) and run under the same
 * helmet CSP as /docs (script-src 'self': Vite's output has no inline script).
 */
export const CONSOLE_PREFIX = '/console';

/** Built layout (dist/apps/ledger-api/src -> dist/console) first, then the source tree's dist/console. */
const CANDIDATE_ROOTS = [join(__dirname, '../../../console'), join(__dirname, '../../../dist/console')];

const MISSING_PAGE =
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Console not built</title></head>' +
  '<body><p>The web console is not built: run <code>npm run build</code> (it writes dist/console), then restart the service.</p></body></html>\n';

export function consoleRoot(roots: readonly string[] = CANDIDATE_ROOTS): string | undefined {
  return roots.find((root) => existsSync(join(root, 'index.html')));
}

export async function serveConsole(app: NestFastifyApplication, roots?: readonly string[]): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const root = consoleRoot(roots);
  const indexHtml = root ? readFileSync(join(root, 'index.html'), 'utf8') : MISSING_PAGE;
  if (root) {
    await app.register(fastifyStatic as never, {
      root,
      prefix: `${CONSOLE_PREFIX}/`,
      // One route per built file (a fixed set), so that the SPA fallback below can take every other path.
      wildcard: false,
      index: false,
      // Swagger UI registers its own copy; only one registration may decorate the reply.
      decorateReply: false,
      maxAge: '365d',
      immutable: true,
    });
  }
  // index.html is revalidated on every load: it names the current build's assets.
  const sendIndex = (_request: unknown, reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(indexHtml);
  for (const path of [CONSOLE_PREFIX, `${CONSOLE_PREFIX}/`, `${CONSOLE_PREFIX}/*`]) fastify.get(path, sendIndex);
}

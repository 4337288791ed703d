import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import {
  PinoNestLogger,
  ProblemDetailsFilter,
  ledgerValidationPipe,
  type Clock,
  type LedgerConfig,
} from '@ledger/platform';
import type { EventStore } from '@ledger/event-store';
import { ReadSideService } from '@ledger/fund-ledger/read-models/read-side.service';
import { DOCUMENT_EXTRA_MODELS, finishDocument, swaggerUiOptions } from '@ledger/fund-ledger/application/openapi-document';
import { REQUEST_EXAMPLES } from '@ledger/fund-ledger/request-examples';
import { AppModule } from './app.module';
import type { ModuleMetadata } from '@nestjs/common';
import { requestIdOptions, setupHttpEdge } from './http-edge';
import { runShutdown, startShutdownWatchdog, type RunShutdownOptions, type ShutdownOutcome, type ShutdownStepSpec } from './shutdown';

export interface CreateAppOptions {
  config: LedgerConfig;
  logger: Logger;
  store?: EventStore;
  clock?: Clock;
  extraImports?: ModuleMetadata['imports'];
}

/** Builds the Fastify-based Nest app; main.ts listens, e2e tests use it in-process. */
export async function createApp(options: CreateAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: options.logger,
    bodyLimit: options.config.bodyLimitBytes,
    // Reject __proto__ and constructor.prototype keys in JSON bodies (prototype pollution).
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    disableRequestLogging: false,
    ...requestIdOptions, // x-request-id when well-formed, else a new UUID (http-edge.ts)
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register({ config: options.config, store: options.store, clock: options.clock, extraImports: options.extraImports }),
    adapter,
    { logger: new PinoNestLogger(options.logger), bufferLogs: false },
  );
  // JSON nested deeper than MAX_JSON_DEPTH is refused (400 MALFORMED_JSON) before anything walks it
  // recursively: class-transformer overflowed the stack at ~1,500 levels (a 3 KB body) and answered 500,
  // and a free-form field (a quota's basis) would otherwise carry 1,000 levels into the log for ever.
  const jsonParser = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit: options.config.bodyLimitBytes }, (request, body, done) => {
    if (jsonDepthExceeds(body, MAX_JSON_DEPTH)) {
      done(new SyntaxError(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`), undefined);
      return;
    }
    jsonParser(request as never, body as unknown as string, done);
  });
  app.useGlobalPipes(ledgerValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  // During a graceful close every response asks the client to drop its keep-alive socket.
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (_request, reply) => {
    if (closingApps.has(app)) void reply.header('connection', 'close');
  });
  await setupHttpEdge(app, options.config);
  setupOpenApi(app);
  return app;
}

const IDLE_SWEEP_MS = 50;
const closingApps = new WeakSet<NestFastifyApplication>();

export interface CloseOptions {
  /** LEDGER_SHUTDOWN_TIMEOUT_MS: the bound on the whole stop. */
  timeoutMs: number;
  /** Kill the process from a watchdog thread if a step still holds the main thread past the deadline. */
  watchdog?: boolean;
  stall?: RunShutdownOptions['stall'];
}

/**
 * Graceful close, every step inside one deadline (see shutdown.ts): stop accepting connections, let the
 * in-flight requests finish (their appends commit and are acknowledged; reads waiting for minPosition
 * are still served by live projections), stop the projections, save their final snapshots (a snapshot
 * that would overrun the deadline is left out: the next start catches up from the previous one), then
 * close the store (app.close(): the Nest shutdown hooks). Keep-alive sockets that finish a request after
 * the listener closed would otherwise stay open until Fastify's keep-alive timeout, so responses say
 * `Connection: close` and idle sockets are swept until the server has closed.
 */
export async function closeGracefully(app: NestFastifyApplication, options: CloseOptions): Promise<ShutdownOutcome> {
  const watchdog = options.watchdog ? startShutdownWatchdog(options.timeoutMs) : undefined;
  try {
    return await runShutdown(shutdownSteps(app), { timeoutMs: options.timeoutMs, stall: options.stall, onStep: (step) => watchdog?.enter(step) });
  } finally {
    await watchdog?.stop();
  }
}

function shutdownSteps(app: NestFastifyApplication): ShutdownStepSpec[] {
  const server = app.getHttpAdapter().getInstance().server;
  const readSide = readSideOf(app);
  let drained: Promise<void> = Promise.resolve();
  return [
    {
      name: 'stop-accepting',
      run: async () => {
        closingApps.add(app);
        drained = new Promise((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
      },
    },
    {
      name: 'drain-requests',
      run: async () => {
        const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
        try {
          await drained;
        } finally {
          clearInterval(sweep);
        }
      },
    },
    // The durable read models stop after their current page: its rows and its checkpoint commit together.
    { name: 'stop-projections', run: async () => void (await readSide?.stopEngine()) },
    // No snapshots any more (every page's checkpoint is durable): the step closes the read store, so the
    // Nest hooks that follow only close the event store.
    { name: 'final-snapshot', run: async () => void (await readSide?.closeReadStore()) },
    // The Nest shutdown hooks: the read side's (already closed), the HTTP adapter's (already closed) and
    // the event store's.
    { name: 'close-store', run: () => app.close() },
  ];
}

/** The durable read side, so that stopping its engine is a step of its own (absent: tools, tests). */
function readSideOf(app: NestFastifyApplication): ReadSideService | undefined {
  try {
    return app.get(ReadSideService, { strict: false });
  } catch {
    return undefined;
  }
}

function setupOpenApi(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('医保基金 fund ledger — admin API')
      .setDescription(
        'Event-sourced fund ledger with global-budget control. Amounts are decimal strings in yuan (at most 2 places). ' +
          'Every command carries a client-chosen commandId, the idempotency key: send a new UUID for every new command, and the ' +
          'same one only to retry the same body ("Try it out" here replaces an unedited example commandId with a new one). ' +
          'effectiveDate is the business date (default: today in LEDGER_TIMEZONE). Errors are application/problem+json with a ' +
          'stable code; each code\'s type links to its page under /problems. Every response carries x-request-id (yours when ' +
          'well-formed), which the events of a command record too.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
    { extraModels: DOCUMENT_EXTRA_MODELS },
  );
  SwaggerModule.setup('docs', app, finishDocument(document, REQUEST_EXAMPLES), { jsonDocumentUrl: 'docs/openapi.json', swaggerOptions: swaggerUiOptions() });
}

/** Request bodies are flat DTOs with a few nested levels at most (refusal lines, a quota's basis). */
export const MAX_JSON_DEPTH = 32;

/** One linear pass over the raw bytes: does the nesting of [ and { (outside strings) go deeper than max? */
export function jsonDepthExceeds(body: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i += 1) {
    const byte = body[i];
    if (inString) {
      if (byte === 0x5c) i += 1; // backslash: skip the escaped byte
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x5b || byte === 0x7b) {
      depth += 1;
      if (depth > max) return true;
    } else if (byte === 0x5d || byte === 0x7d) depth -= 1;
  }
  return false;
}

import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import {
  PinoNestLogger,
  ProblemDetailsFilter,
  ledgerValidationPipe,
  sendProblem,
  toProblem,
  type Clock,
  type LedgerConfig,
} from '@ledger/platform';
import type { EventStore } from '@ledger/event-store';
import { AppModule } from './app.module';
import type { ModuleMetadata } from '@nestjs/common';

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
    requestIdHeader: 'x-request-id',
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register({ config: options.config, store: options.store, clock: options.clock, extraImports: options.extraImports }),
    adapter,
    { logger: new PinoNestLogger(options.logger), bufferLogs: false },
  );
  app.useGlobalPipes(ledgerValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  // Errors raised by Fastify before Nest routes (body too large, malformed JSON) are problems too.
  app
    .getHttpAdapter()
    .getInstance()
    .setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      sendProblem(reply, toProblem(error), request.url);
    });
  app.enableShutdownHooks();
  setupOpenApi(app);
  return app;
}

function setupOpenApi(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('医保基金 fund ledger — admin API')
      .setDescription(
        'Event-sourced fund ledger with global-budget control. Amounts are decimal strings in yuan (at most 2 places). ' +
          'Every command carries a client-chosen commandId (idempotency key). Errors are application/problem+json with a stable code.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}

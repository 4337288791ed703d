import 'reflect-metadata';
import { ConfigError, createRootLogger, loadConfig } from '@ledger/platform';
import { closeGracefully, createApp } from './bootstrap';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`ledger-api: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createRootLogger(config.logLevel);
  if (config.jwtSecretSource === 'dev-file') {
    logger.warn('LEDGER_JWT_SECRET is not set: using the generated development secret beside the SQLite file (never in production)');
  }
  const app = await createApp({ config, logger });
  await app.listen({ port: config.port, host: config.host });
  logger.info({ store: config.store, port: config.port }, 'ledger-api listening; OpenAPI at /docs');
  // Graceful stop: app.close() stops accepting connections, lets in-flight requests finish (their
  // appends are committed and acknowledged), then closes the store. A timer bounds the wait.
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error({ signal }, 'shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    closeGracefully(app).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`ledger-api failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

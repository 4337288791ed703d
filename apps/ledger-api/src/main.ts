import 'reflect-metadata';
import { ConfigError, createRootLogger, loadConfig } from '@ledger/platform';
import { createApp } from './bootstrap';

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
  const stopTimer = (signal: string): void => {
    // Nest closes HTTP first (in-flight requests finish), then the store; this only bounds how long.
    setTimeout(() => {
      logger.error({ signal }, 'shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
  };
  process.once('SIGTERM', () => stopTimer('SIGTERM'));
  process.once('SIGINT', () => stopTimer('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`ledger-api failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

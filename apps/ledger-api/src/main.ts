import 'reflect-metadata';
import { ConfigError, createRootLogger, loadConfig } from '@ledger/platform';
import { closeGracefully, createApp } from './bootstrap';
import { metricsAddress } from './http-edge';

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
    logger.warn(
      { secretFile: config.jwtSecretFile },
      `LEDGER_JWT_SECRET is not set: using the development secret in ${config.jwtSecretFile ?? 'the data directory'} (never in production); npm run token must use the same LEDGER_SQLITE_PATH`,
    );
  }
  const app = await createApp({ config, logger });
  await app.listen({ port: config.port, host: config.host });
  logger.info({ store: config.store, port: config.port }, 'ledger-api listening; OpenAPI at /docs');
  const metrics = metricsAddress(app);
  if (metrics) logger.info({ metricsPort: metrics.port }, `Prometheus metrics at :${metrics.port}/metrics (LEDGER_METRICS_PORT, no token)`);
  // Graceful stop: every step (stop accepting, drain in-flight requests, stop the projections, their final
  // snapshot, close the store) inside the one LEDGER_SHUTDOWN_TIMEOUT_MS deadline; a stop cut short logs
  // the step and exits 1, so an orchestrator and an operator can tell it from a clean stop.
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    const timeoutMs = config.shutdownTimeoutMs;
    logger.info({ signal, timeoutMs }, 'shutting down');
    closeGracefully(app, { timeoutMs, watchdog: true, stall: config.testShutdownStall }).then(
      (outcome) => {
        if (outcome.ok) {
          logger.info({ signal, elapsedMs: outcome.elapsedMs }, 'shut down');
          process.exit(0);
        }
        logger.error(
          { signal, step: outcome.step, elapsedMs: outcome.elapsedMs, timeoutMs },
          `shutdown cut short at step ${outcome.step}: ${outcome.reason}; exiting with code 1`,
        );
        process.exit(1);
      },
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

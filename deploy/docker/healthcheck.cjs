'use strict';
// Container health check without curl: GET a path on the local ledger-api and exit 0 on HTTP 200, 1 otherwise.
//   node /app/healthcheck.cjs               -> /health/live (liveness: the process serves HTTP)
//   node /app/healthcheck.cjs /health       -> readiness (store answers, projections within lag, trial balance 0)
// It connects to LEDGER_HOST when that names one address, else to the loopback, on LEDGER_PORT (or PORT, 3000).
const http = require('node:http');

const path = process.argv[2] || '/health/live';
const port = Number(process.env.LEDGER_PORT || process.env.PORT || 3000);
const configuredHost = process.env.LEDGER_HOST || '0.0.0.0';
const host = configuredHost === '0.0.0.0' || configuredHost === '::' ? '127.0.0.1' : configuredHost;
const timeoutMs = Number(process.env.HEALTHCHECK_TIMEOUT_MS || 4000);

const request = http.get({ host, port, path, timeout: timeoutMs, headers: { 'x-request-id': 'healthcheck' } }, (response) => {
  response.resume();
  if (response.statusCode === 200) process.exit(0);
  process.stderr.write(`healthcheck: GET ${path} answered ${response.statusCode}\n`);
  process.exit(1);
});
request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
request.on('error', (error) => {
  process.stderr.write(`healthcheck: GET http://${host}:${port}${path} failed: ${error.message}\n`);
  process.exit(1);
});

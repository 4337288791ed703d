'use strict';
// Build-time smoke test, run in the image's build stage after `npm prune --omit=dev`:
//   - better-sqlite3 loads for this Node ABI and answers a query (embedded store and projection snapshots);
//   - the @kurrent/bridge binary for this platform (e.g. @kurrent/bridge-linux-x64-gnu) loads;
//   - the compiled app and the on-demand store adapters load with production dependencies only.
// Nothing connects anywhere. Run from anywhere: paths are relative to the repository root.
const { resolve } = require('node:path');

const root = resolve(__dirname, '..', '..');
const fromRoot = (id) => require(require.resolve(id, { paths: [root] }));

const Database = fromRoot('better-sqlite3');
const db = new Database(':memory:');
const { version } = db.prepare('select sqlite_version() as version').get();
db.close();

const bridgeEntry = require.resolve('@kurrent/bridge', { paths: [root] });
const neonLoad = require(require.resolve('@neon-rs/load', { paths: [bridgeEntry] }));
const platform = neonLoad.currentPlatform();
const bridgeBinary = `@kurrent/bridge-${platform}`;
const bridge = require(require.resolve(bridgeBinary, { paths: [bridgeEntry] }));
if (typeof bridge.createClient !== 'function') throw new Error(`${bridgeBinary} loaded but exports no createClient`);

fromRoot('reflect-metadata');
for (const file of [
  'dist/apps/ledger-api/src/app.module.js',
  'dist/libs/event-store/src/postgres/index.js',
  'dist/libs/event-store/src/kurrentdb/index.js',
]) {
  require(resolve(root, file));
}

process.stdout.write(`smoke ok: node ${process.version} (ABI ${process.versions.modules}), sqlite ${version}, ${bridgeBinary}\n`);

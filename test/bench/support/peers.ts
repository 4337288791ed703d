import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Peer libraries for B3 live in their own npm prefixes (test/bench/peers/<name>/package.json with exact
 * versions; node_modules git-ignored), because emmett-sqlite and emmett-postgresql pin different emmett
 * versions. They are installed the first time a run needs them, with the ordinary npm client.
 */
export const PEERS_DIR = join(__dirname, '..', 'peers');

const INSTALL_TIMEOUT_MS = 6 * 60_000;

/** A real ESM import: TypeScript compiled to CommonJS would turn `import()` into `require()`. */
const importEsm = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<Record<string, unknown>>;

export type PeerReady = { ok: true; dir: string } | { ok: false; reason: string };

export function ensurePeer(name: string, log: (line: string) => void): PeerReady {
  const dir = join(PEERS_DIR, name);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const missing = Object.keys(manifest.dependencies).filter(
    (dep) => !installedVersionMatches(dir, dep, manifest.dependencies[dep]!),
  );
  if (missing.length === 0) return { ok: true, dir };
  log(`installing peer ${name} (${missing.join(', ')} missing) with npm; this runs once`);
  const started = Date.now();
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: INSTALL_TIMEOUT_MS,
    env: process.env,
  });
  if (result.error || result.status !== 0) {
    const output = `${result.stderr ?? ''}${result.stdout ?? ''}`
      .trim()
      .split('\n')
      .filter((l) => /err|fail/i.test(l));
    const why = result.error ? result.error.message : output.slice(-2).join(' | ') || `npm exited ${result.status}`;
    return { ok: false, reason: `npm install of ${name} failed: ${why.slice(0, 200)}` };
  }
  log(`peer ${name} installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { ok: true, dir };
}

function installedVersionMatches(dir: string, dep: string, version: string): boolean {
  const file = join(dir, 'node_modules', dep, 'package.json');
  if (!existsSync(file)) return false;
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version === version;
}

/** Imports a package of a peer prefix through its ESM entry ("exports" → import). */
/** An ESM module of a peer library: untyped here (its types live in the peer prefix, outside this program). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PeerModule = Record<string, any>;

export async function importPeer(dir: string, pkg: string): Promise<PeerModule> {
  const root = join(dir, 'node_modules', pkg);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    exports?: Record<string, unknown> | string;
    module?: string;
    main?: string;
  };
  const entry = esmEntry(manifest) ?? 'index.js';
  return importEsm(pathToFileURL(join(root, entry)).href);
}

function esmEntry(manifest: { exports?: unknown; module?: string; main?: string }): string | undefined {
  const dot =
    typeof manifest.exports === 'object' && manifest.exports !== null
      ? ((manifest.exports as Record<string, unknown>)['.'] ?? manifest.exports)
      : manifest.exports;
  const pick = (value: unknown): string | undefined => {
    if (typeof value === 'string') return value;
    if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      return pick(record['import']) ?? pick(record['default']) ?? pick(record['node']);
    }
    return undefined;
  };
  return pick(dot) ?? manifest.module ?? manifest.main;
}

export function peerVersion(dir: string, pkg: string): string {
  return (JSON.parse(readFileSync(join(dir, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string })
    .version;
}

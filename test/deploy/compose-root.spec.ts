/**
 * The root compose.yaml (one command: the API on the embedded store; profiles for PostgreSQL and KurrentDB),
 * checked without a container engine: it parses (anchors and `<<` merges resolved), plain `up` starts only the
 * embedded-store API, each profile adds its store and an API on it, every API environment is one the app's own
 * loadConfig() accepts (compose's ${VAR:-default} resolved to the default), ports are published on the
 * loopback only, named volumes are declared. `docker compose config -q` runs too when the client exists.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../libs/platform/src/config/ledger-config';

type Obj = Record<string, unknown>;
const ROOT = resolve(__dirname, '..', '..');
const FILE = join(ROOT, 'compose.yaml');

const compose = parse(readFileSync(FILE, 'utf8'), { merge: true, maxAliasCount: 100 }) as Obj;
const services = compose['services'] as Record<string, Obj>;
const profilesOf = (name: string): string[] => (services[name]?.['profiles'] as string[] | undefined) ?? [];
const apis = Object.keys(services).filter((name) => name === 'api' || name.startsWith('api-'));

/** ${VAR:-default} -> default, ${VAR} -> '' (what compose substitutes with an empty environment). */
function interpolate(value: unknown): string {
  return String(value).replace(/\$\{[A-Z_]+(?::?-([^}]*))?\}/g, (_match, fallback: string | undefined) => fallback ?? '');
}

describe('compose.yaml at the repository root', () => {
  it('names the project and starts only the embedded-store API without a profile', () => {
    expect(compose['name']).toBe('yibao-ledger');
    expect(compose['version']).toBeUndefined();
    const always = Object.keys(services).filter((name) => profilesOf(name).length === 0);
    expect(always).toEqual(['api']);
    expect((services['api']?.['environment'] as Obj)['LEDGER_STORE']).toBe('sqlite');
  });

  it('adds PostgreSQL and KurrentDB, each with an API on it, behind their profiles', () => {
    expect(profilesOf('postgres')).toEqual(['postgres']);
    expect(profilesOf('api-postgres')).toEqual(['postgres']);
    expect(profilesOf('kurrentdb')).toEqual(['kurrentdb']);
    expect(profilesOf('api-kurrentdb')).toEqual(['kurrentdb']);
    expect(services['api-postgres']?.['depends_on']).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(services['api-kurrentdb']?.['depends_on']).toEqual({ kurrentdb: { condition: 'service_healthy' } });
  });

  it.each(apis)('gives %s an environment the app accepts, a health check, its own volume and loopback ports', (name) => {
    const service = services[name]!;
    const environment = Object.fromEntries(Object.entries(service['environment'] as Obj).map(([key, value]) => [key, interpolate(value)]));
    const config = loadConfig({ ...environment, LEDGER_SQLITE_PATH: join(ROOT, 'dist', 'compose-check', 'ledger.db'), LEDGER_JWT_SECRET: 'x'.repeat(48) });
    expect(config.store).toBe(environment['LEDGER_STORE']);
    expect(config.metricsPort).toBe(9464);
    expect(service['healthcheck']).toMatchObject({ test: ['CMD', 'node', '/app/healthcheck.cjs', '/health'] });
    expect(service['read_only']).toBe(true);
    for (const port of service['ports'] as string[]) expect(interpolate(port)).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    const volumes = (service['volumes'] as string[]).map((v) => v.split(':')[0]!);
    expect(Object.keys(compose['volumes'] as Obj)).toEqual(expect.arrayContaining(volumes));
  });

  it('gives each API a volume of its own (projection snapshots are per instance)', () => {
    const volumes = apis.map((name) => (services[name]!['volumes'] as string[])[0]!.split(':')[0]);
    expect(new Set(volumes).size).toBe(apis.length);
  });

  it('is valid for the docker compose client, when there is one', () => {
    const probe = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      console.log('skipped `docker compose config -q`: no docker compose client on PATH');
      return;
    }
    for (const profile of [[], ['--profile', 'postgres'], ['--profile', 'kurrentdb']]) {
      const run = spawnSync('docker', ['compose', '-f', FILE, ...profile, 'config', '-q'], { encoding: 'utf8' });
      expect({ profile, status: run.status, stderr: run.stderr }).toEqual({ profile, status: 0, stderr: '' });
    }
  });
});

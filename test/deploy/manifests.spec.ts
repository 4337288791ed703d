/**
 * Deployment artefacts under deploy/: structure and consistency checks, no container engine needed.
 *
 * - Every YAML file parses (compose anchors and `<<` merges resolved).
 * - Compose: `name:` set, no `version:`, every service has a healthcheck, images pinned, named volumes declared,
 *   two API instances behind nginx where required, each with its own projections volume, KurrentDB 25.0 settings,
 *   stop_grace_period longer than the app's shutdown timeout, and every API environment accepted by the app's own
 *   loadConfig().
 * - nginx.conf: upstream = the API services, body limit = LEDGER_BODY_LIMIT_BYTES, X-Request-Id passed.
 * - Kubernetes: the base and, when kubectl or kustomize is on PATH, every rendered overlay: probes, resources,
 *   non-root, read-only root with writable /tmp and projections, grace period, PDB and Service selectors,
 *   Service targetPort, ConfigMap accepted by loadConfig() (and the base's deliberately rejected).
 * - No secret values committed; the secret templates and .env.example hold placeholders only.
 * - certs/generate.sh (when openssl is on PATH) creates every file the cluster compose file mounts.
 * - `docker compose config -q` for each compose file when the docker compose client exists.
 * Checks that need a tool which is missing are skipped with one printed line.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../../libs/platform/src/config/ledger-config';

type Obj = Record<string, unknown>;

const ROOT = resolve(__dirname, '..', '..');
const DEPLOY = join(ROOT, 'deploy');
const COMPOSE_DIR = join(DEPLOY, 'compose');
const K8S_DIR = join(DEPLOY, 'k8s');
const OVERLAYS = ['postgres', 'kurrentdb', 'sqlite'] as const;
const STORES = ['sqlite', 'postgres', 'kurrentdb'];
const DUMMY_SECRET = 'x'.repeat(48);
const PLACEHOLDER = /^REPLACE_ME/;

// ------------------------------------------------------------------------------------------------------------
// helpers
// ------------------------------------------------------------------------------------------------------------

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function obj(value: unknown, what = 'value'): Obj {
  if (!isObj(value)) throw new Error(`${what} is not a mapping: ${JSON.stringify(value)}`);
  return value;
}
function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
function str(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(path));
    else out.push(path);
  }
  return out.sort();
}

const deployFiles = walk(DEPLOY);
const yamlFiles = deployFiles.filter((f) => /\.ya?ml$/.test(f));
const rel = (path: string): string => relative(ROOT, path);

function parseYaml(path: string): unknown[] {
  const docs = parseAllDocuments(readFileSync(path, 'utf8'), { merge: true });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    if (doc.errors.length > 0) throw new Error(`${rel(path)}: ${doc.errors.map((e) => e.message).join('; ')}`);
  }
  return list
    .map((doc) => doc.toJS({ maxAliasCount: 1000 }) as unknown)
    .filter((doc) => doc !== null && doc !== undefined);
}

function parseYamlText(text: string, what: string): Obj[] {
  return parseAllDocuments(text, { merge: true })
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${what}: ${doc.errors.map((e) => e.message).join('; ')}`);
      return doc.toJS() as unknown;
    })
    .filter(isObj);
}

function which(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 20_000 });
  return result.status === 0;
}

/** One printed line for each check skipped because a tool is missing. */
function note(line: string): void {
  process.stderr.write(`[deploy tests] ${line}\n`);
}

/** The LEDGER_* variables the app reads, taken from its config loader's source. */
const KNOWN_LEDGER_VARS = new Set(
  [
    ...readFileSync(join(ROOT, 'libs/platform/src/config/ledger-config.ts'), 'utf8').matchAll(/'(LEDGER_[A-Z0-9_]+)'/g),
  ].map((m) => m[1]),
);
const OTHER_ALLOWED_APP_VARS = new Set(['NODE_ENV', 'NODE_OPTIONS', 'DATABASE_URL', 'KURRENTDB_URL', 'PORT']);

/** Compose-style interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?message}, ${VAR?message}, $$. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g,
    (match, name?: string, op?: string, arg?: string) => {
      if (match === '$$') return '$';
      const key = name ?? '';
      const current = vars[key];
      const set = current !== undefined && (current !== '' || !op?.startsWith(':'));
      if (op?.endsWith('-')) return set ? str(current) : (arg ?? '');
      if (op?.endsWith('?')) {
        if (!set) throw new Error(`required variable ${key} is not set: ${arg ?? ''}`);
        return str(current);
      }
      return current ?? '';
    },
  );
}

/** Variables referenced by compose files, and whether a default is given. */
function referencedVars(text: string): Array<{ name: string; hasDefault: boolean }> {
  return [...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?])?/g)].map((m) => ({
    name: m[1] ?? '',
    hasDefault: (m[2] ?? '').endsWith('-'),
  }));
}

const envExample = readFileSync(join(COMPOSE_DIR, '.env.example'), 'utf8');
const envExampleKeys = new Set([...envExample.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1] ?? ''));
/** Values standing in for a filled-in .env. */
const DUMMY_ENV: Record<string, string> = {
  LEDGER_JWT_SECRET: DUMMY_SECRET,
  POSTGRES_PASSWORD: 'dummypostgrespassword',
  KURRENTDB_ADMIN_PASSWORD: 'dummyadminpassword',
  KURRENTDB_OPS_PASSWORD: 'dummyopspassword',
};

function environmentOf(service: Obj): Record<string, string> {
  const env = service['environment'];
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const [key, ...rest] = str(entry).split('=');
        return [key ?? '', rest.join('=')];
      }),
    );
  }
  return Object.fromEntries(Object.entries(isObj(env) ? env : {}).map(([k, v]) => [k, str(v)]));
}

interface Mount {
  source: string;
  target: string;
  readOnly: boolean;
}
function mountsOf(service: Obj): Mount[] {
  return arr(service['volumes']).map((entry) => {
    if (isObj(entry))
      return { source: str(entry['source']), target: str(entry['target']), readOnly: entry['read_only'] === true };
    const [source = '', target = '', mode = ''] = str(entry).split(':');
    return { source, target, readOnly: mode.split(',').includes('ro') };
  });
}
const isNamedVolume = (m: Mount): boolean => m.source !== '' && !m.source.startsWith('.') && !m.source.startsWith('/');

function durationMs(value: unknown): number {
  const text = str(value);
  let total = 0;
  for (const [, n, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    const factor = unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000;
    total += Number(n) * factor;
  }
  return total;
}

// ------------------------------------------------------------------------------------------------------------
// every YAML file parses
// ------------------------------------------------------------------------------------------------------------

describe('deploy/ YAML', () => {
  it('finds the compose files and kustomizations', () => {
    const names = yamlFiles.map(rel);
    for (const expected of [
      'deploy/compose/kurrentdb-cluster.yml',
      'deploy/compose/kurrentdb-single.yml',
      'deploy/compose/postgres.yml',
      'deploy/k8s/base/kustomization.yaml',
      ...OVERLAYS.map((o) => `deploy/k8s/overlays/${o}/kustomization.yaml`),
    ]) {
      expect(names).toContain(expected);
    }
  });

  it.each(yamlFiles.map((f) => [rel(f), f]))('%s parses', (_name, path) => {
    expect(parseYaml(path).length).toBeGreaterThan(0);
  });
});

// ------------------------------------------------------------------------------------------------------------
// Dockerfile, its ignore file and its helper scripts
// ------------------------------------------------------------------------------------------------------------

describe('deploy/docker', () => {
  const dockerfile = readFileSync(join(DEPLOY, 'docker', 'Dockerfile'), 'utf8');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const stages = instructions.reduce<string[][]>((acc, line) => {
    if (line.startsWith('FROM ')) acc.push([]);
    acc[acc.length - 1]?.push(line);
    return acc;
  }, []);
  const runtime = stages[stages.length - 1] ?? [];

  it('builds on node:22-bookworm-slim in two stages', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:22-bookworm-slim$/m);
    expect(stages).toHaveLength(2);
    expect(stages[0]?.some((l) => /\bnpm ci\b/.test(l))).toBe(true);
    expect(stages[0]?.some((l) => /npm run build/.test(l) && /npm prune --omit=dev/.test(l))).toBe(true);
  });

  it('runs as uid 10001 with tini, the compiled entry point, a node health check and the data directory', () => {
    expect(runtime).toContain('USER 10001:10001');
    expect(runtime).toContain('EXPOSE 3000');
    expect(runtime).toContain('ENTRYPOINT ["/usr/bin/tini", "--"]');
    expect(runtime).toContain('CMD ["node", "dist/apps/ledger-api/src/main.js"]');
    expect(existsSync(join(ROOT, 'apps/ledger-api/src/main.ts'))).toBe(true);
    expect(runtime.find((l) => l.startsWith('HEALTHCHECK'))).toMatch(
      /CMD \["node", "\/app\/healthcheck\.cjs", "\/health\/live"\]$/,
    );
    const env = runtime.find((l) => l.startsWith('ENV ')) ?? '';
    expect(env).toContain('NODE_ENV=production');
    expect(env).toContain('LEDGER_SQLITE_PATH=/var/lib/ledger/ledger.db');
    expect(env).toContain('LEDGER_PROJECTIONS_PATH=/var/lib/ledger/projections.db');
    expect(runtime.some((l) => l.includes('chown 10001:10001 /var/lib/ledger'))).toBe(true);
    // Production stage copies only package.json, node_modules, dist and the health check from the build stage.
    const copies = runtime.filter((l) => l.startsWith('COPY '));
    expect(copies.every((l) => l.startsWith('COPY --from=build '))).toBe(true);
  });

  it('lets every file the build copies from the context through Dockerfile.dockerignore', () => {
    const ignore = readFileSync(join(DEPLOY, 'docker', 'Dockerfile.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    expect(ignore[0]).toBe('*');
    const allowed = ignore.filter((l) => l.startsWith('!')).map((l) => l.slice(1).replace(/\/$/, ''));
    const sources = instructions
      .filter((l) => l.startsWith('COPY ') && !l.includes('--from='))
      .flatMap((l) =>
        l
          .replace(/^COPY\s+(--\S+\s+)*/, '')
          .split(/\s+/)
          .slice(0, -1),
      );
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect({ source, exists: existsSync(join(ROOT, source)) }).toEqual({ source, exists: true });
      expect({ source, allowed: allowed.some((a) => source === a || source.startsWith(`${a}/`)) }).toEqual({
        source,
        allowed: true,
      });
    }
    for (const secretPath of ['node_modules', 'dist', 'data', '.git', 'deploy/compose/.env', 'deploy/compose/certs']) {
      expect(allowed.some((a) => secretPath === a || secretPath.startsWith(`${a}/`))).toBe(false);
    }
  });

  it('healthcheck.cjs exits 0 on HTTP 200 and 1 otherwise', async () => {
    const server = createServer((request, response) => {
      response.statusCode = request.url === '/health/live' ? 200 : 503;
      response.end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const check = (path: string, env: Record<string, string>): Promise<number | null> =>
      new Promise((done) => {
        const child = spawn(process.execPath, [join(DEPLOY, 'docker', 'healthcheck.cjs'), path], {
          env: { PATH: process.env['PATH'] ?? '', ...env },
          stdio: 'ignore',
        });
        child.on('exit', (code) => done(code));
      });
    try {
      expect(await check('/health/live', { LEDGER_PORT: String(port) })).toBe(0);
      expect(await check('/health', { LEDGER_PORT: String(port) })).toBe(1);
      expect(await check('/health/live', { PORT: String(port) })).toBe(0);
    } finally {
      await new Promise<void>((done) => server.close(() => done()));
    }
    expect(await check('/health/live', { LEDGER_PORT: String(port) })).toBe(1);
  });

  it('smoke.cjs loads the native modules and the compiled app (as the image build does)', () => {
    if (!existsSync(join(ROOT, 'dist/apps/ledger-api/src/app.module.js'))) {
      note('dist/ not built: skipping smoke.cjs (run npm run build)');
      return;
    }
    const result = spawnSync(process.execPath, [join(DEPLOY, 'docker', 'smoke.cjs')], {
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'production' },
      timeout: 60_000,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^smoke ok: node v\d+.*@kurrent\/bridge-/);
  });
});

// ------------------------------------------------------------------------------------------------------------
// Docker Compose
// ------------------------------------------------------------------------------------------------------------

const COMPOSE_FILES = {
  cluster: join(COMPOSE_DIR, 'kurrentdb-cluster.yml'),
  single: join(COMPOSE_DIR, 'kurrentdb-single.yml'),
  postgres: join(COMPOSE_DIR, 'postgres.yml'),
} as const;
type ComposeName = keyof typeof COMPOSE_FILES;
const EXPECTED_API_COUNT: Record<ComposeName, number> = { cluster: 2, single: 1, postgres: 2 };

function loadCompose(name: ComposeName): { doc: Obj; services: Record<string, Obj>; text: string } {
  const text = readFileSync(COMPOSE_FILES[name], 'utf8');
  const [doc] = parseYaml(COMPOSE_FILES[name]);
  const root = obj(doc, name);
  const services = Object.fromEntries(
    Object.entries(obj(root['services'], `${name} services`)).map(([k, v]) => [k, obj(v, k)]),
  );
  return { doc: root, services, text };
}
const isApi = (service: Obj): boolean => str(obj(service['build'] ?? {})['dockerfile']) === 'deploy/docker/Dockerfile';
const apiServices = (services: Record<string, Obj>): Array<[string, Obj]> =>
  Object.entries(services).filter(([, s]) => isApi(s));

describe.each(Object.keys(COMPOSE_FILES) as ComposeName[])('compose %s', (name) => {
  const { doc, services, text } = loadCompose(name);

  it('sets a project name and has no obsolete version key', () => {
    expect(str(doc['name'])).toMatch(/^yibao-ledger-[a-z0-9-]+$/);
    expect(doc).not.toHaveProperty('version');
  });

  it('gives every service a healthcheck', () => {
    for (const [serviceName, service] of Object.entries(services)) {
      const test = arr(obj(service['healthcheck'] ?? {}, `${serviceName}.healthcheck`)['test']);
      expect({ service: serviceName, kind: test[0] }).toEqual({
        service: serviceName,
        kind: expect.stringMatching(/^CMD(-SHELL)?$/),
      });
      expect(test.length).toBeGreaterThan(1);
    }
  });

  it('pins every image (no latest, no untagged)', () => {
    for (const [serviceName, service] of Object.entries(services)) {
      const image = interpolate(str(service['image']), {});
      expect({ service: serviceName, image }).toEqual({
        service: serviceName,
        image: expect.stringMatching(/^[^:]+:(?!latest$)[\w.-]+$/),
      });
    }
  });

  it('declares every named volume and keeps data on named volumes', () => {
    const declared = Object.keys(obj(doc['volumes'] ?? {}));
    for (const service of Object.values(services)) {
      for (const mount of mountsOf(service).filter(isNamedVolume)) expect(declared).toContain(mount.source);
    }
  });

  it(`runs ${EXPECTED_API_COUNT[name]} API instance(s), each with its own projections volume`, () => {
    const apis = apiServices(services);
    expect(apis).toHaveLength(EXPECTED_API_COUNT[name]);
    const dataVolumes = apis.map(([, s]) => mountsOf(s).find((m) => m.target === '/var/lib/ledger')?.source);
    expect(dataVolumes.every((v) => v !== undefined)).toBe(true);
    expect(new Set(dataVolumes).size).toBe(apis.length);
  });

  it('hardens the API containers and gives them time to drain', () => {
    for (const [serviceName, service] of apiServices(services)) {
      const env = environmentOf(service);
      expect({ serviceName, readOnly: service['read_only'] }).toEqual({ serviceName, readOnly: true });
      expect(arr(service['tmpfs'])).toContain('/tmp');
      expect(arr(service['cap_drop'])).toContain('ALL');
      expect(durationMs(service['stop_grace_period'])).toBeGreaterThan(
        Number(env['LEDGER_SHUTDOWN_TIMEOUT_MS'] ?? 10_000),
      );
      expect(str(env['LEDGER_PROJECTIONS_PATH']).startsWith('/var/lib/ledger/')).toBe(true);
      const healthTest = arr(obj(service['healthcheck'])['test']).map(str);
      expect(healthTest.slice(0, 3)).toEqual(['CMD', 'node', '/app/healthcheck.cjs']);
    }
  });

  it('takes secrets from the environment file, never literal values', () => {
    for (const [, service] of Object.entries(services)) {
      for (const [key, value] of Object.entries(environmentOf(service))) {
        if (/SECRET|PASSWORD|TOKEN/.test(key))
          expect({ key, value }).toEqual({ key, value: expect.stringMatching(/^\$\{[A-Z_]+:\?[^}]+\}$/) });
      }
    }
    for (const ref of referencedVars(text)) {
      if (!ref.hasDefault)
        expect({ variable: ref.name, inEnvExample: envExampleKeys.has(ref.name) }).toEqual({
          variable: ref.name,
          inEnvExample: true,
        });
    }
  });

  it("configures every API instance so that the app's loadConfig() accepts it", () => {
    for (const [serviceName, service] of apiServices(services)) {
      const env = Object.fromEntries(
        Object.entries(environmentOf(service)).map(([k, v]) => [k, interpolate(v, DUMMY_ENV)]),
      );
      for (const key of Object.keys(env).filter((k) => k.startsWith('LEDGER_')))
        expect({ serviceName, key, known: KNOWN_LEDGER_VARS.has(key) }).toEqual({ serviceName, key, known: true });
      const config = loadConfig({ NODE_ENV: 'production', ...env });
      expect(config.jwtSecretSource).toBe('env');
      expect(STORES).toContain(config.store);
      expect(config.port).toBe(3000);
    }
  });

  if (name !== 'single') {
    it('puts nginx in front of the API instances', () => {
      const nginx = services['nginx'];
      expect(nginx).toBeDefined();
      const dependsOn = Object.keys(obj(nginx?.['depends_on'] ?? {}));
      expect(dependsOn.sort()).toEqual(
        apiServices(services)
          .map(([n]) => n)
          .sort(),
      );
      expect(mountsOf(nginx ?? {})).toContainEqual({
        source: './nginx.conf',
        target: '/etc/nginx/nginx.conf',
        readOnly: true,
      });
      expect(
        arr(nginx?.['ports'])
          .map(str)
          .some((p) => p.endsWith(':8080')),
      ).toBe(true);
      for (const [serviceName, service] of apiServices(services))
        expect({ serviceName, ports: service['ports'] }).toEqual({ serviceName, ports: undefined });
    });
  }
});

describe('compose kurrentdb-cluster', () => {
  const { services } = loadCompose('cluster');
  const nodes = Object.entries(services).filter(([, s]) => str(s['image']).startsWith('kurrentplatform/kurrentdb'));
  const nodeNames = nodes.map(([n]) => n);

  it('runs three KurrentDB 25.0 nodes configured as one cluster with TLS', () => {
    expect(nodeNames).toEqual(['kurrentdb-1', 'kurrentdb-2', 'kurrentdb-3']);
    for (const [nodeName, service] of nodes) {
      expect(service['image']).toBe('kurrentplatform/kurrentdb:25.0');
      const env = environmentOf(service);
      expect(env['KURRENTDB_CLUSTER_SIZE']).toBe('3');
      expect(env['KURRENTDB_DISCOVER_VIA_DNS']).toBe('false');
      expect(env['KURRENTDB_INSECURE']).toBeUndefined();
      const seeds = str(env['KURRENTDB_GOSSIP_SEED']).split(',');
      expect(seeds.sort()).toEqual(nodeNames.filter((n) => n !== nodeName).map((n) => `${n}:2113`));
      expect(env['KURRENTDB_NODE_HOST_ADVERTISE_AS']).toBe(nodeName);
      expect(env['KURRENTDB_REPLICATION_HOST_ADVERTISE_AS']).toBe(nodeName);
      // Certificates: mounted read-only where the settings point, the node's own files, never the CA key.
      const mounts = mountsOf(service);
      for (const key of ['KURRENTDB_CERTIFICATE_FILE', 'KURRENTDB_CERTIFICATE_PRIVATE_KEY_FILE']) {
        const mount = mounts.find((m) => m.target === env[key]);
        expect({ key, source: mount?.source, readOnly: mount?.readOnly }).toEqual({
          key,
          source: expect.stringContaining(`./certs/${nodeName}/`),
          readOnly: true,
        });
      }
      const caMount = mounts.find((m) =>
        m.target.startsWith(`${str(env['KURRENTDB_TRUSTED_ROOT_CERTIFICATES_PATH'])}/`),
      );
      expect(caMount).toEqual({ source: './certs/ca/ca.crt', target: expect.any(String), readOnly: true });
      expect(mounts.some((m) => m.source.includes('ca.key'))).toBe(false);
    }
  });

  it('uses only KurrentDB 25.x setting names (no EVENTSTORE_ prefix, none of the names 25.0 removed)', () => {
    const removed =
      /_(INT_IP|EXT_IP|HTTP_PORT|INT_TCP_PORT|EXT_TCP_PORT|INT_HOST_ADVERTISE_AS|EXT_HOST_ADVERTISE_AS|HTTP_PORT_ADVERTISE_AS|INT_TCP_PORT_ADVERTISE_AS|ADVERTISE_HTTP_PORT_TO_CLIENT_AS|INT_TCP_HEARTBEAT_INTERVAL|INT_TCP_HEARTBEAT_TIMEOUT)$/;
    for (const [, service] of nodes) {
      for (const key of Object.keys(environmentOf(service))) {
        expect(key).toMatch(/^KURRENTDB_/);
        expect(key).not.toMatch(removed);
      }
    }
  });

  it('connects every API instance to all three nodes over TLS with the mounted CA', () => {
    for (const [serviceName, service] of apiServices(services)) {
      const url = interpolate(str(environmentOf(service)['LEDGER_KURRENTDB_URL']), DUMMY_ENV);
      const [authority = '', query = ''] = url.replace(/^kurrentdb:\/\/[^@]*@/, '').split('?');
      expect({ serviceName, hosts: authority.split(',') }).toEqual({
        serviceName,
        hosts: nodeNames.map((n) => `${n}:2113`),
      });
      const params = new URLSearchParams(query);
      expect(params.get('tls')).toBe('true');
      const caFile = params.get('tlsCAFile');
      expect(mountsOf(service)).toContainEqual({ source: './certs/ca/ca.crt', target: caFile, readOnly: true });
      const dependsOn = Object.keys(obj(service['depends_on'] ?? {}));
      expect(dependsOn.sort()).toEqual(nodeNames);
    }
  });

  it('matches the node names certs/generate.sh issues certificates for', () => {
    const script = readFileSync(join(COMPOSE_DIR, 'certs', 'generate.sh'), 'utf8');
    const defaults = /nodes="\$\{NODES:-([^}]*)\}"/.exec(script)?.[1]?.split(/\s+/);
    expect(defaults).toEqual(nodeNames);
  });
});

describe('compose kurrentdb-single', () => {
  const { services } = loadCompose('single');
  it('runs one insecure node for local use, published on the loopback only', () => {
    const env = environmentOf(obj(services['kurrentdb']));
    expect(env['KURRENTDB_INSECURE']).toBe('true');
    expect(str(environmentOf(obj(services['api']))['LEDGER_KURRENTDB_URL'])).toMatch(
      /^kurrentdb:\/\/kurrentdb:2113\?tls=false$/,
    );
    expect(arr(obj(services['kurrentdb'])['ports']).map(str)).toEqual(['127.0.0.1:2113:2113']);
  });
});

describe('compose postgres', () => {
  const { services } = loadCompose('postgres');
  it('runs PostgreSQL 17 with a volume and a TCP readiness check, and points the API at it', () => {
    const postgres = obj(services['postgres']);
    expect(str(postgres['image'])).toMatch(/^postgres:17(\.\d+)?(-[a-z]+)?$/);
    expect(mountsOf(postgres)).toContainEqual({
      source: 'postgres-data',
      target: '/var/lib/postgresql/data',
      readOnly: false,
    });
    expect(arr(obj(postgres['healthcheck'])['test']).map(str)).toEqual(
      expect.arrayContaining(['pg_isready', '127.0.0.1']),
    );
    expect(postgres['ports']).toBeUndefined();
    for (const [, service] of apiServices(services)) {
      const url = new URL(interpolate(str(environmentOf(service)['LEDGER_DATABASE_URL']), DUMMY_ENV));
      expect(url.hostname).toBe('postgres');
      expect(url.username).toBe(environmentOf(postgres)['POSTGRES_USER']);
      expect(url.pathname).toBe(`/${environmentOf(postgres)['POSTGRES_DB']}`);
    }
  });
});

describe('nginx.conf', () => {
  const conf = readFileSync(join(COMPOSE_DIR, 'nginx.conf'), 'utf8').replace(/#.*$/gm, '');
  const upstream = /upstream\s+ledger_api\s*\{([^}]*)\}/.exec(conf)?.[1] ?? '';

  it('balances round-robin over exactly the API services of each composition that mounts it', () => {
    const servers = [...upstream.matchAll(/^\s*server\s+([^\s;]+)/gm)].map((m) => m[1]);
    expect(upstream).not.toMatch(/\b(ip_hash|least_conn|hash|random)\b/);
    for (const name of ['cluster', 'postgres'] as const) {
      const { services } = loadCompose(name);
      expect(servers).toEqual(apiServices(services).map(([n]) => `${n}:3000`));
    }
  });

  it('limits bodies to LEDGER_BODY_LIMIT_BYTES and passes X-Request-Id', () => {
    expect(conf).toMatch(/client_max_body_size\s+1m;/);
    for (const name of ['cluster', 'postgres'] as const) {
      for (const [, service] of apiServices(loadCompose(name).services))
        expect(environmentOf(service)['LEDGER_BODY_LIMIT_BYTES']).toBe(String(1024 * 1024));
    }
    expect(conf).toMatch(/proxy_set_header\s+X-Request-Id\s+\$ledger_request_id;/);
    expect(conf).toMatch(/listen\s+8080;/);
    expect(conf).toMatch(/location\s*=\s*\/nginx-health/);
  });
});

// ------------------------------------------------------------------------------------------------------------
// Kubernetes
// ------------------------------------------------------------------------------------------------------------

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: Obj;
  spec?: Obj;
  data?: Obj;
  stringData?: Obj;
}
function k8s(value: unknown): K8sObject {
  const o = obj(value);
  return {
    apiVersion: str(o['apiVersion']),
    kind: str(o['kind']),
    metadata: obj(o['metadata'] ?? {}),
    spec: isObj(o['spec']) ? o['spec'] : undefined,
    data: isObj(o['data']) ? o['data'] : undefined,
    stringData: isObj(o['stringData']) ? o['stringData'] : undefined,
  };
}

function renderer(): ((dir: string) => string) | undefined {
  if (which('kubectl', ['version', '--client'])) {
    return (dir) => {
      const r = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', timeout: 60_000 });
      if (r.status !== 0) throw new Error(`kubectl kustomize ${rel(dir)} failed: ${r.stderr}`);
      return r.stdout;
    };
  }
  if (which('kustomize', ['version'])) {
    return (dir) => {
      const r = spawnSync('kustomize', ['build', dir], { encoding: 'utf8', timeout: 60_000 });
      if (r.status !== 0) throw new Error(`kustomize build ${rel(dir)} failed: ${r.stderr}`);
      return r.stdout;
    };
  }
  return undefined;
}
const render = renderer();

/** The base as written: its resource files plus the ConfigMap its generator would make. */
function baseObjects(): K8sObject[] {
  const base = join(K8S_DIR, 'base');
  const kustomization = obj(parseYaml(join(base, 'kustomization.yaml'))[0]);
  const objects = arr(kustomization['resources']).flatMap((file) => parseYaml(join(base, str(file))).map(k8s));
  for (const generator of arr(kustomization['configMapGenerator']).map((g) => obj(g))) {
    const data = Object.fromEntries(arr(generator['literals']).map((l) => str(l).split(/=(.*)/s).slice(0, 2)));
    objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: str(generator['name']) }, data });
  }
  return objects;
}

function podSpec(deployment: K8sObject): Obj {
  return obj(obj(obj(deployment.spec)['template'])['spec']);
}
function podLabels(deployment: K8sObject): Obj {
  return obj(obj(obj(obj(deployment.spec)['template'])['metadata'])['labels']);
}
function containers(deployment: K8sObject): Obj[] {
  return arr(podSpec(deployment)['containers']).map((c) => obj(c));
}
function subset(selector: Obj, labels: Obj): boolean {
  return Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);
}
function configMapFor(objects: K8sObject[], container: Obj): Record<string, string> {
  const names = arr(container['envFrom'])
    .map((e) => str(obj(obj(e)['configMapRef'] ?? {})['name']))
    .filter(Boolean);
  const data: Record<string, string> = {};
  for (const name of names) {
    const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata['name'] === name);
    if (!cm) throw new Error(`envFrom references ConfigMap ${name}, which is not rendered`);
    Object.assign(data, Object.fromEntries(Object.entries(cm.data ?? {}).map(([k, v]) => [k, str(v)])));
  }
  return data;
}
function probePath(container: Obj, probe: string): string {
  return str(obj(obj(container[probe] ?? {})['httpGet'] ?? {})['path']);
}

/** Structural checks every rendering (and the raw base) must pass. */
function checkWorkload(objects: K8sObject[], what: string): { deployment: K8sObject; config: Record<string, string> } {
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  expect(deployments).toHaveLength(1);
  const deployment = deployments[0] as K8sObject;
  const spec = podSpec(deployment);
  const podSecurity = obj(spec['securityContext']);
  expect(podSecurity['runAsNonRoot']).toBe(true);
  expect(podSecurity['runAsUser']).toBe(10001);
  expect(spec['automountServiceAccountToken']).toBe(false);
  const selector = obj(obj(deployment.spec)['selector'])['matchLabels'];
  expect(subset(obj(selector), podLabels(deployment))).toBe(true);

  const [container, ...others] = containers(deployment);
  expect(others).toHaveLength(0);
  if (!container) throw new Error(`${what}: no container`);
  expect(probePath(container, 'readinessProbe')).toBe('/health');
  expect(probePath(container, 'livenessProbe')).toBe('/health/live');
  expect(probePath(container, 'startupProbe')).toBe('/health/live');
  const ports = arr(container['ports']).map((p) => obj(p));
  for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
    const port = obj(obj(container[probe])['httpGet'])['port'];
    expect(ports.some((p) => p['name'] === port || p['containerPort'] === port)).toBe(true);
  }
  const resources = obj(container['resources']);
  for (const kind of ['requests', 'limits']) {
    expect(Object.keys(obj(resources[kind])).sort()).toEqual(['cpu', 'memory']);
  }
  const security = obj(container['securityContext']);
  expect(security['runAsNonRoot']).toBe(true);
  expect(security['readOnlyRootFilesystem']).toBe(true);
  expect(security['allowPrivilegeEscalation']).toBe(false);
  expect(arr(obj(security['capabilities'])['drop'])).toContain('ALL');

  const config = configMapFor(objects, container);
  const mounts = arr(container['volumeMounts']).map((m) => obj(m));
  const volumes = arr(spec['volumes']).map((v) => obj(v));
  const mountedAt = (path: string): Obj | undefined => {
    const mount = mounts.find((m) => path === str(m['mountPath']) || path.startsWith(`${str(m['mountPath'])}/`));
    return mount && volumes.find((v) => v['name'] === mount['name']);
  };
  expect(mountedAt('/tmp')?.['emptyDir']).toBeDefined();
  const projections = mountedAt(str(config['LEDGER_PROJECTIONS_PATH']));
  expect(projections?.['emptyDir'] ?? projections?.['persistentVolumeClaim']).toBeDefined();
  for (const mount of mounts) expect(volumes.some((v) => v['name'] === mount['name'])).toBe(true);

  // Grace period > preStop sleep + the app's shutdown bound.
  const preStop = arr(obj(obj(obj(container['lifecycle'] ?? {})['preStop'] ?? {})['exec'] ?? {})['command']).map(str);
  const preStopMs = preStop[0] === 'sleep' ? Number(preStop[1]) * 1000 : 0;
  const graceMs = Number(spec['terminationGracePeriodSeconds']) * 1000;
  expect(graceMs).toBeGreaterThan(preStopMs + Number(config['LEDGER_SHUTDOWN_TIMEOUT_MS'] ?? 10_000));

  // Non-secret configuration only, and only variables the app knows.
  for (const key of Object.keys(config)) {
    expect({ key, known: KNOWN_LEDGER_VARS.has(key) || OTHER_ALLOWED_APP_VARS.has(key) }).toEqual({ key, known: true });
    expect(key).not.toMatch(/SECRET|PASSWORD|DATABASE_URL|KURRENTDB_URL|TOKEN/);
  }
  expect(arr(container['envFrom']).some((e) => obj(obj(e)['secretRef'] ?? {})['name'] === 'ledger-secrets')).toBe(true);

  // Service targets the container port.
  const services = objects.filter((o) => o.kind === 'Service');
  expect(services).toHaveLength(1);
  for (const service of services) {
    expect(subset(obj(obj(service.spec)['selector']), podLabels(deployment))).toBe(true);
    for (const port of arr(obj(service.spec)['ports']).map((p) => obj(p))) {
      const target = port['targetPort'];
      expect(ports.some((p) => p['name'] === target || p['containerPort'] === target)).toBe(true);
    }
  }

  // PodDisruptionBudget selects the Deployment's pods (when present).
  for (const pdb of objects.filter((o) => o.kind === 'PodDisruptionBudget')) {
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(obj(pdb.spec)['minAvailable']).toBe(1);
    expect(subset(obj(obj(obj(pdb.spec)['selector'])['matchLabels']), podLabels(deployment))).toBe(true);
    expect(Number(obj(deployment.spec)['replicas'])).toBeGreaterThan(1);
  }

  // Nothing secret is rendered: Secrets are created out of band.
  expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
  return { deployment, config };
}

const appEnvFor = (store: string): Record<string, string> => ({
  LEDGER_JWT_SECRET: DUMMY_SECRET,
  ...(store === 'postgres' ? { LEDGER_DATABASE_URL: 'postgres://ledger:pw@db.example:5432/ledger' } : {}),
  ...(store === 'kurrentdb'
    ? {
        LEDGER_KURRENTDB_URL:
          'kurrentdb://ledger:pw@kdb-1:2113,kdb-2:2113?tls=true&tlsCAFile=/etc/ledger/kurrentdb-ca/ca.crt',
      }
    : {}),
});

describe('kubernetes base (as written)', () => {
  const objects = baseObjects();

  it('has a Namespace, Deployment, Service, PodDisruptionBudget and ConfigMap', () => {
    expect(objects.map((o) => o.kind).sort()).toEqual([
      'ConfigMap',
      'Deployment',
      'Namespace',
      'PodDisruptionBudget',
      'Service',
    ]);
  });

  it('passes the workload checks', () => {
    const { deployment } = checkWorkload(objects, 'base');
    expect(obj(deployment.spec)['replicas']).toBe(2);
  });

  it('refuses to start when applied without an overlay (LEDGER_STORE is deliberately invalid)', () => {
    const config = Object.fromEntries(
      Object.entries(objects.find((o) => o.kind === 'ConfigMap')?.data ?? {}).map(([k, v]) => [k, str(v)]),
    );
    expect(STORES).not.toContain(config['LEDGER_STORE']);
    expect(() => loadConfig({ ...config, ...appEnvFor('postgres') })).toThrow(/LEDGER_STORE/);
  });
});

describe('kubernetes overlays (rendered)', () => {
  if (!render) {
    note('kubectl/kustomize not on PATH: skipping the rendered-overlay checks (the base is still checked as written)');
    it.skip('render overlays', () => undefined);
    return;
  }
  const rendered = Object.fromEntries(
    OVERLAYS.map((o) => [o, parseYamlText(render(join(K8S_DIR, 'overlays', o)), o).map(k8s)]),
  );
  const baseRendered = parseYamlText(render(join(K8S_DIR, 'base')), 'base').map(k8s);

  it.each(OVERLAYS.map((o) => [o]))(
    '%s passes the workload checks and its ConfigMap is accepted by loadConfig()',
    (overlay) => {
      const objects = rendered[overlay] ?? [];
      const { deployment, config } = checkWorkload(objects, overlay);
      expect(config['LEDGER_STORE']).toBe(overlay);
      expect(() => loadConfig({ ...config, ...appEnvFor(overlay) })).not.toThrow();
      for (const o of objects)
        expect({ kind: o.kind, namespace: o.kind === 'Namespace' ? 'yibao-ledger' : o.metadata['namespace'] }).toEqual({
          kind: o.kind,
          namespace: 'yibao-ledger',
        });
      const image = str(containers(deployment)[0]?.['image']);
      expect(image).toMatch(/^[^:]+\/[^:]+:[\w.-]+$/);
    },
  );

  it('renders the base too, with an invalid store', () => {
    const { config } = checkWorkload(baseRendered, 'base (rendered)');
    expect(STORES).not.toContain(config['LEDGER_STORE']);
  });

  it('postgres and kurrentdb: two replicas, rolling with no unavailable pod, guarded by the PDB', () => {
    for (const overlay of ['postgres', 'kurrentdb'] as const) {
      const objects = rendered[overlay] ?? [];
      const deployment = objects.find((o) => o.kind === 'Deployment') as K8sObject;
      expect(obj(deployment.spec)['replicas']).toBe(2);
      expect(obj(obj(obj(deployment.spec)['strategy'])['rollingUpdate'])['maxUnavailable']).toBe(0);
      expect(objects.filter((o) => o.kind === 'PodDisruptionBudget')).toHaveLength(1);
    }
  });

  it('kurrentdb: mounts the CA certificate where the connection string template points', () => {
    const deployment = (rendered['kurrentdb'] ?? []).find((o) => o.kind === 'Deployment') as K8sObject;
    const container = containers(deployment)[0] ?? {};
    const mount = arr(container['volumeMounts'])
      .map((m) => obj(m))
      .find((m) => m['name'] === 'kurrentdb-ca');
    expect(mount?.['readOnly']).toBe(true);
    const volume = arr(podSpec(deployment)['volumes'])
      .map((v) => obj(v))
      .find((v) => v['name'] === 'kurrentdb-ca');
    expect(obj(volume?.['secret'])['secretName']).toBe('ledger-kurrentdb-ca');
    const template = readFileSync(join(K8S_DIR, 'overlays/kurrentdb/kustomization.yaml'), 'utf8');
    const caFile = /tlsCAFile=([^'&\s]+)/.exec(template)?.[1];
    expect(caFile).toBe(`${str(mount?.['mountPath'])}/ca.crt`);
  });

  it('sqlite: one replica, Recreate, the ledger on a PersistentVolumeClaim, no PDB', () => {
    const objects = rendered['sqlite'] ?? [];
    const deployment = objects.find((o) => o.kind === 'Deployment') as K8sObject;
    expect(obj(deployment.spec)['replicas']).toBe(1);
    expect(obj(obj(deployment.spec)['strategy'])).toEqual({ type: 'Recreate' });
    expect(objects.filter((o) => o.kind === 'PodDisruptionBudget')).toEqual([]);
    const data = arr(podSpec(deployment)['volumes'])
      .map((v) => obj(v))
      .find((v) => v['name'] === 'data');
    expect(data).toEqual({ name: 'data', persistentVolumeClaim: { claimName: 'ledger-data' } });
    const pvc = objects.find((o) => o.kind === 'PersistentVolumeClaim');
    expect(pvc?.metadata['name']).toBe('ledger-data');
    const config = configMapFor(objects, containers(deployment)[0] ?? {});
    expect(config['LEDGER_SQLITE_PATH']?.startsWith('/var/lib/ledger/')).toBe(true);
    expect(config['LEDGER_SQLITE_SYNCHRONOUS']).toBe('FULL');
  });
});

// ------------------------------------------------------------------------------------------------------------
// secrets
// ------------------------------------------------------------------------------------------------------------

describe('no committed secrets', () => {
  it('.env.example has keys only, no values', () => {
    for (const line of envExample.split('\n')) {
      const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
      if (m) expect({ key: m[1], value: m[2] }).toEqual({ key: m[1], value: '' });
    }
    for (const key of ['LEDGER_JWT_SECRET', 'POSTGRES_PASSWORD', 'KURRENTDB_ADMIN_PASSWORD', 'KURRENTDB_OPS_PASSWORD'])
      expect(envExampleKeys.has(key)).toBe(true);
  });

  const templates = deployFiles.filter((f) => /secret\.template\.ya?ml$/.test(f));
  it('secret templates hold placeholders only, which the app rejects at start', () => {
    expect(templates.map(rel).sort()).toEqual([
      'deploy/k8s/base/secret.template.yaml',
      'deploy/k8s/overlays/kurrentdb/secret.template.yaml',
      'deploy/k8s/overlays/postgres/secret.template.yaml',
    ]);
    for (const file of templates) {
      for (const secret of parseYaml(file).map(k8s)) {
        expect(secret.kind).toBe('Secret');
        expect(secret.data).toBeUndefined();
        const values = Object.entries(secret.stringData ?? {});
        expect(values.length).toBeGreaterThan(0);
        for (const [key, value] of values)
          expect({ file: rel(file), key, value }).toEqual({
            file: rel(file),
            key,
            value: expect.stringMatching(PLACEHOLDER),
          });
        const env = Object.fromEntries(values.map(([k, v]) => [k, str(v)]));
        if ('LEDGER_JWT_SECRET' in env) {
          const store =
            'LEDGER_DATABASE_URL' in env ? 'postgres' : 'LEDGER_KURRENTDB_URL' in env ? 'kurrentdb' : 'sqlite';
          expect(() => loadConfig({ NODE_ENV: 'production', LEDGER_STORE: store, ...env })).toThrow(
            /LEDGER_JWT_SECRET/,
          );
        }
      }
    }
  });

  it('no kustomization lists a secret template', () => {
    for (const file of yamlFiles.filter((f) => f.endsWith('kustomization.yaml'))) {
      const k = obj(parseYaml(file)[0]);
      for (const resource of arr(k['resources']).map(str)) expect(resource).not.toMatch(/secret/i);
      expect(k['secretGenerator']).toBeUndefined();
    }
  });

  it('no file under deploy/ holds a private key, a literal credential or a long random token', () => {
    for (const file of deployFiles) {
      const text = readFileSync(file, 'utf8');
      expect({ file: rel(file), pem: /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text) }).toEqual({
        file: rel(file),
        pem: false,
      });
      for (const m of text.matchAll(/[a-z+]+:\/\/([^\s:@/'"]+):([^@\s'"]+)@/g)) {
        expect({ file: rel(file), password: m[2] }).toEqual({
          file: rel(file),
          password: expect.stringMatching(/^(\$\{[A-Z_]+\}|<[^>]+>|PASSWORD)$/),
        });
      }
      for (const m of text.matchAll(/\b[0-9a-f]{32,}\b|\b[A-Za-z0-9+/]{40,}={0,2}/g)) {
        throw new Error(`${rel(file)}: looks like a committed secret: ${m[0].slice(0, 12)}...`);
      }
    }
  });

  it('git ignores the filled-in .env and generated certificates', () => {
    if (!which('git', ['--version']) || !existsSync(join(ROOT, '.git'))) {
      note('git not available: skipping the .gitignore check');
      return;
    }
    for (const path of [
      'deploy/compose/.env',
      'deploy/compose/certs/ca/ca.key',
      'deploy/compose/certs/kurrentdb-1/node.key',
    ]) {
      expect({ path, ignored: spawnSync('git', ['check-ignore', '-q', path], { cwd: ROOT }).status }).toEqual({
        path,
        ignored: 0,
      });
    }
    for (const path of ['deploy/compose/.env.example', 'deploy/compose/certs/generate.sh']) {
      expect({ path, ignored: spawnSync('git', ['check-ignore', '-q', path], { cwd: ROOT }).status }).toEqual({
        path,
        ignored: 1,
      });
    }
  });
});

// ------------------------------------------------------------------------------------------------------------
// certificates and docker compose (when the tools exist)
// ------------------------------------------------------------------------------------------------------------

describe('certs/generate.sh', () => {
  const hasOpenssl = which('openssl', ['version']) && which('bash', ['--version']);
  if (!hasOpenssl) note('openssl or bash not on PATH: skipping the certificate generation check');
  (hasOpenssl ? it : it.skip)(
    'creates every file the cluster compose file mounts, with verifiable node certificates',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'ledger-certs-'));
      try {
        const run = spawnSync('bash', [join(COMPOSE_DIR, 'certs', 'generate.sh')], {
          env: { ...process.env, CERTS_DIR: dir },
          encoding: 'utf8',
          timeout: 120_000,
        });
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        const { services } = loadCompose('cluster');
        const sources = new Set(
          Object.values(services).flatMap((s) =>
            mountsOf(s)
              .map((m) => m.source)
              .filter((src) => src.startsWith('./certs/')),
          ),
        );
        expect(sources.size).toBeGreaterThan(0);
        for (const source of sources)
          expect({ source, exists: existsSync(join(dir, source.slice('./certs/'.length))) }).toEqual({
            source,
            exists: true,
          });
        for (const node of ['kurrentdb-1', 'kurrentdb-2', 'kurrentdb-3']) {
          const verify = spawnSync(
            'openssl',
            ['verify', '-CAfile', join(dir, 'ca/ca.crt'), '-purpose', 'sslserver', join(dir, node, 'node.crt')],
            { encoding: 'utf8' },
          );
          expect(verify.status).toBe(0);
          const text = spawnSync('openssl', ['x509', '-noout', '-text', '-in', join(dir, node, 'node.crt')], {
            encoding: 'utf8',
          }).stdout;
          expect(text).toContain(`DNS:${node}`);
          expect(text).toContain('TLS Web Client Authentication');
          expect(text).toMatch(/Subject: CN ?= ?eventstoredb-node/);
        }
        // A second run keeps what exists.
        const again = spawnSync('bash', [join(COMPOSE_DIR, 'certs', 'generate.sh')], {
          env: { ...process.env, CERTS_DIR: dir },
          encoding: 'utf8',
          timeout: 60_000,
        });
        expect(again.status).toBe(0);
        expect(again.stdout).toContain('CA: keeping');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});

describe('docker compose config', () => {
  const hasCompose = which('docker', ['compose', 'version']);
  if (!hasCompose) note('docker compose client missing: skipping `docker compose config -q`');
  (hasCompose ? it.each : it.skip.each)(Object.entries(COMPOSE_FILES))(
    '%s passes `docker compose config -q`',
    (_name, file) => {
      const dir = mkdtempSync(join(tmpdir(), 'ledger-compose-'));
      try {
        const envFile = join(dir, 'env');
        writeFileSync(
          envFile,
          Object.entries(DUMMY_ENV)
            .map(([k, v]) => `${k}=${v}`)
            .join('\n'),
        );
        const result = spawnSync('docker', ['compose', '--env-file', envFile, '-f', file, 'config', '-q'], {
          encoding: 'utf8',
          timeout: 60_000,
        });
        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});

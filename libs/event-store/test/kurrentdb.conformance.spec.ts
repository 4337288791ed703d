/**
 * The shared conformance suite against KurrentDB.
 *
 * Where the server comes from, in order:
 *   1. KURRENTDB_URL (e.g. kurrentdb://localhost:2113?tls=false): an existing server;
 *   2. a reachable Docker engine: one pinned kurrentplatform/kurrentdb:25.0 container for this file;
 *   3. neither: one line saying why, and a skipped test carrying the same reason.
 * Jest registers tests synchronously, so the Docker check runs synchronously too: a quick look for a socket,
 * then (only if one exists) testcontainers' own detection in a child process with a timeout.
 *
 * Every test of the suite uses its own stream names, so all stores share the one server. The tamper test skips:
 * KurrentDB offers no way to edit a stored event, which is the point.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { StartedTestContainer } from 'testcontainers';
import type { EventStore } from '../src';
import { describeEventStoreConformance } from './conformance';

const IMAGE = 'kurrentplatform/kurrentdb:25.0';
const KURRENTDB_PORT = 2113;
const DOCKER_PROBE_TIMEOUT_MS = 15_000;

type Target = { kind: 'url'; url: string } | { kind: 'docker' } | { kind: 'skip'; reason: string };

function chooseTarget(): Target {
  const url = process.env['KURRENTDB_URL'];
  if (url) return { kind: 'url', url };
  const dockerProblem = dockerUnreachableReason();
  return dockerProblem === undefined ? { kind: 'docker' } : { kind: 'skip', reason: dockerProblem };
}

/** Undefined when a container runtime answered; otherwise why not, in a few words. */
function dockerUnreachableReason(): string | undefined {
  const runtimeDir = process.env['XDG_RUNTIME_DIR'];
  const sockets = [
    '/var/run/docker.sock',
    join(homedir(), '.docker', 'run', 'docker.sock'),
    join(homedir(), '.docker', 'desktop', 'docker.sock'),
    join(homedir(), '.testcontainers.properties'),
    '/run/podman/podman.sock',
    ...(runtimeDir ? [join(runtimeDir, 'docker.sock'), join(runtimeDir, 'podman', 'podman.sock')] : []),
  ];
  if (!process.env['DOCKER_HOST'] && !sockets.some((path) => existsSync(path))) {
    return `DOCKER_HOST unset and no socket at ${sockets.join(', ')}`;
  }
  // A socket exists: ask testcontainers itself, in a child process because jest cannot await while registering.
  const script = `require(${JSON.stringify(require.resolve('testcontainers'))}).getContainerRuntimeClient()
    .then(() => process.exit(0), (e) => { process.stderr.write(String((e && e.message) || e)); process.exit(1); });`;
  const probe = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: DOCKER_PROBE_TIMEOUT_MS });
  if (probe.status === 0) return undefined;
  if (probe.error) return `container runtime probe failed: ${probe.error.message}`;
  const detail = (probe.stderr || '').trim().split('\n')[0] || `exit ${probe.status ?? probe.signal}`;
  return `container runtime did not answer: ${detail}`;
}

const target = chooseTarget();

if (target.kind === 'skip') {
  const line = `KurrentDB conformance skipped: no KURRENTDB_URL and no Docker engine reachable (${target.reason})`;
  process.stdout.write(`${line}\n`);
  describe.skip(`EventStore conformance: kurrentdb — ${line}`, () => {
    it('runs the shared conformance suite against KurrentDB', () => undefined);
  });
} else {
  let container: StartedTestContainer | undefined;
  let connection: Promise<string> | undefined;

  /** One server for the whole file: started on first use, stopped after the last test. */
  const connectionString = (): Promise<string> => {
    if (target.kind === 'url') return Promise.resolve(target.url);
    connection ??= (async () => {
      const { GenericContainer, Wait } = await import('testcontainers');
      container = await new GenericContainer(IMAGE)
        .withEnvironment({ KURRENTDB_INSECURE: 'true', KURRENTDB_RUN_PROJECTIONS: 'None' })
        .withExposedPorts(KURRENTDB_PORT)
        .withWaitStrategy(Wait.forHealthCheck())
        .withStartupTimeout(120_000)
        .start();
      return `kurrentdb://${container.getHost()}:${container.getMappedPort(KURRENTDB_PORT)}?tls=false`;
    })();
    return connection;
  };

  afterAll(async () => {
    await container?.stop();
  }, 60_000);

  describeEventStoreConformance('kurrentdb', {
    async create(): Promise<EventStore> {
      // Loaded here, not at the top: a skipped run never loads the client's native bridge.
      const { KurrentDbEventStore } = await import('../src/kurrentdb');
      const store = await KurrentDbEventStore.open({ connectionString: await connectionString() });
      try {
        await store.ping(); // a wrong URL fails here, with the reason, instead of in the first test
      } catch (error) {
        await store.close(); // disposes the client, or jest would wait on its open handles
        throw error;
      }
      return store;
    },
  });
}

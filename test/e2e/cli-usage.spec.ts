import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, mintToken, secretSourceOf } from '@ledger/platform';
import type { CliIo } from '../../apps/ledger-cli/src/commands/ledger-session';
import { runMain } from '../../apps/ledger-cli/src/run-main';
import { AppHarness } from '../support/app-harness';

const ROOT = join(__dirname, '..', '..');
const CLI = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/ledger-cli/src/main.ts'];
const STACK_LINE = /\n\s+at /;

/** The CLI as a process, from source, with stdout and stderr as pipes. */
function spawnCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

/** The CLI in-process (the same runMain the process runs), with its output captured. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    progress: { isTTY: false, write: () => true } as unknown as NodeJS.WriteStream,
    openSession: () => Promise.reject(new Error('no session in the usage spec')),
  };
  const code = await runMain(args, io);
  return { code, out: out.join(''), err: err.join('') };
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('ledger-cli usage: per-command help, and every bad usage one line on stderr with exit 2', () => {
  let dir: string;
  const saved = { ...process.env };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-cli-usage-'));
    process.env['LEDGER_SQLITE_PATH'] = join(dir, 'ledger.db');
    process.env['LEDGER_JWT_SECRET'] = 'usage-spec-secret-0123456789abcdef0123456789';
  });
  afterAll(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  const oneLine = (err: string) => {
    expect(err).not.toMatch(STACK_LINE);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
  };

  it('prints each command\'s own help on stdout, exit 0', async () => {
    for (const command of ['token', 'verify', 'export', 'replay', 'rebuild', 'backup', 'allocate', 'close-year', 'demo']) {
      const { code, out, err } = await run([command, '--help']);
      expect({ command, code, err }).toEqual({ command, code: 0, err: '' });
      expect(out).toContain(`Usage: ledger-cli ${command} [options]`);
    }
    const flat = (text: string) => text.replace(/\s+/g, ' ');
    expect(flat((await run(['token', '--help'])).out)).toContain('--role <role> the role the token carries (choices: "admin", "finance", "planner", "auditor", "hospital")');
    expect((await run(['help', 'replay'])).out).toContain('--public-key <pem-file>');
  });

  it.each([
    [['nope'], /^error: unknown command 'nope'/],
    [['token'], /^error: required option '--role <role>' not specified/],
    [['token', '--role', 'root'], /argument 'root' is invalid. Allowed choices are admin, finance, planner, auditor, hospital/],
    [['token', '--role', 'admin', '--ttl-hours', '0'], /'--ttl-hours <n>' argument '0' is invalid. must be an integer in 1..720/],
    [['token', '--role', 'admin', '--bogus'], /^error: unknown option '--bogus'/],
    [['verify', 'extra'], /too many arguments/],
    [['export', '--out', 'x.ndjson', '--fund', 'EMP-POOLED'], /^ledger-cli export: give --fund and --year together, or neither/],
    [['export', '--out', 'x.ndjson', '--fund', 'F', '--year', '20x5'], /'--year <yyyy>' argument '20x5' is invalid/],
    [['export', '--out', '/no/such/dir/x.ndjson'], /the directory of --out \/no\/such\/dir\/x.ndjson does not exist/],
    [['replay', '--from', 'missing.ndjson', '--to', 'copy.db'], /^ledger-cli replay: --from missing.ndjson does not exist/],
    [['allocate', '--fund', 'F'], /^error: required option '--year <yyyy>' not specified/],
    [['allocate', '--dry-run', '--commit', '--fund', 'F', '--year', '2026', '--method', 'share_of_history', '--input', 'x.json'], /cannot be used with option '--commit'/],
    [['close-year', '--fund', 'F', '--year', '2025', '--date', '2025-13-40'], /'--date <yyyy-mm-dd>' argument '2025-13-40' is invalid/],
    [['backup'], /required option '--to <file>' not specified/],
  ])('%j -> one line, exit 2', async (args, message) => {
    const { code, out, err } = await run(args);
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err).toMatch(message);
    oneLine(err);
  });

  it('refuses to replay onto an existing file before touching anything (exit 2)', async () => {
    const from = join(dir, 'log.ndjson');
    writeFileSync(from, '');
    writeFileSync(`${from}.manifest.json`, '{"format":"yibao-ledger-export/1","count":0}');
    const existing = join(dir, 'existing.db');
    writeFileSync(existing, 'not a database');
    const { code, err } = await run(['replay', '--from', from, '--to', existing]);
    expect(code).toBe(2);
    expect(err).toBe(`ledger-cli replay: --to ${existing} exists: replay needs a fresh store (give a new file name)\n`);
  });

  it('rebuild: --url defaults from LEDGER_PORT; no service there is one line, exit 2', async () => {
    const port = await closedPort();
    process.env['LEDGER_PORT'] = String(port);
    try {
      expect((await run(['rebuild', '--help'])).out.replace(/\s+/g, ' ')).toContain(`(default: "http://127.0.0.1:${port}")`);
      const { code, err } = await run(['rebuild', '--projection', 'journal']);
      expect(code).toBe(2);
      expect(err).toMatch(new RegExp(`^ledger-cli rebuild: no ledger service answers at http://127.0.0.1:${port} \\(ECONNREFUSED\\)`));
      oneLine(err);
    } finally {
      delete process.env['LEDGER_PORT'];
    }
  });

  it('verify --stream of a stream that does not exist is an error (exit 1), not an intact empty chain', async () => {
    const { code, out, err } = await run(['verify', '--stream', 'fund-EMP-POOLLED']);
    expect({ code, out }).toEqual({ code: 1, out: '' });
    expect(err).toMatch(/^verify: no stream named "fund-EMP-POOLLED" in this store/);
  });

  it('the process itself: help exits 0, bad usage exits 2 with one line and no stack trace', async () => {
    const help = await spawnCli(['token', '--help']);
    expect({ code: help.code, stderr: help.stderr }).toEqual({ code: 0, stderr: '' });
    expect(help.stdout).toContain('Usage: ledger-cli token [options]');
    const bad = await spawnCli(['replay', '--from', 'nothing.ndjson', '--to', join(dir, 'x.db')]);
    expect({ code: bad.code, stdout: bad.stdout, stderr: bad.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ledger-cli replay: --from nothing.ndjson does not exist\n',
    });
  });
});

describe('the dev JWT secret has one home: the service and `token` agree on any data directory', () => {
  let harness: AppHarness;
  beforeAll(async () => {
    // No LEDGER_JWT_SECRET: the service takes the dev secret file of its (non-default, temporary) data directory.
    harness = await AppHarness.start({ env: { LEDGER_JWT_SECRET: '' } });
  });
  afterAll(async () => {
    await harness.stop();
  });

  const get = (token: string) => harness.request('GET', '/journal/trial-balance', { role: null, headers: { authorization: `Bearer ${token}` } });

  it('mints, from the service\'s data directory, a token the service accepts', async () => {
    expect(harness.config.jwtSecretSource).toBe('dev-file');
    const env: Record<string, string> = { LEDGER_SQLITE_PATH: harness.config.sqlitePath, LEDGER_JWT_SECRET: '' };
    const { code, stdout, stderr } = await spawnCli(['token', '--role', 'auditor', '--actor', 'li.si'], env);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect((await get(stdout.trim())).status).toBe(200);
  });

  it('never writes a second secret: another data directory without one is a one-line error naming the file (exit 2)', async () => {
    const other = mkdtempSync(join(tmpdir(), 'ledger-cli-other-'));
    try {
      const { code, stdout, stderr } = await spawnCli(['token', '--role', 'admin'], { LEDGER_SQLITE_PATH: join(other, 'ledger.db'), LEDGER_JWT_SECRET: '' });
      expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
      expect(stderr).toBe(
        `invalid configuration: no dev JWT secret at ${join(other, 'dev-jwt-secret')}: start the service once with this data directory ` +
          `(LEDGER_SQLITE_PATH=${join(other, 'ledger.db')}), or give both the same LEDGER_JWT_SECRET\n`,
      );
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('answers a token signed with another secret with a 401 that names the secret source, never the secret', async () => {
    const other = mkdtempSync(join(tmpdir(), 'ledger-cli-other-'));
    try {
      const otherConfig = loadConfig({ LEDGER_SQLITE_PATH: join(other, 'ledger.db') });
      const answer = await get(mintToken(otherConfig.jwtSecret, otherConfig.jwtIssuer, 'x', 'auditor'));
      expect(answer.status).toBe(401);
      const detail = String(answer.body['detail']);
      expect(detail).toBe(`invalid token: signature verification failed: this service verifies HS256 tokens with ${secretSourceOf(harness.config)}`);
      expect(detail).toContain(`the dev secret file ${harness.config.jwtSecretFile}`);
      expect(detail).not.toContain(harness.config.jwtSecret);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

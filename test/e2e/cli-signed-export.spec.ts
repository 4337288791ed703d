import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportLog, type ExportManifest } from '../../apps/ledger-cli/src/commands/export-log';
import {
  checkManifestSignature,
  publicKeyFingerprint,
  readPublicKey,
  signingKeyFromEnv,
} from '../../apps/ledger-cli/src/commands/manifest-signature';
import { UsageError } from '../../apps/ledger-cli/src/usage-error';
import { seedHospitals } from './cli-replay.fixtures';

const ROOT = join(__dirname, '..', '..');
const CLI = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/ledger-cli/src/main.ts'];

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

interface SignedReplay {
  ok: boolean;
  signature: 'not checked' | { signatureValid: boolean; publicKeyFingerprint: string; problem: string | null };
}

/** Issue #16: an auditor can prove an export came from the ledger (Ed25519 over the manifest), not only that it is self-consistent. */
describe('signed export manifests', () => {
  let dir: string;
  let file: string;
  let publicKeyFile: string;
  let otherPublicKeyFile: string;
  let manifest: ExportManifest;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-cli-signed-'));
    const pair = generateKeyPairSync('ed25519');
    const keyFile = join(dir, 'export-signing.pem');
    writeFileSync(keyFile, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    publicKeyFile = join(dir, 'ledger-export.pub.pem');
    writeFileSync(publicKeyFile, pair.publicKey.export({ type: 'spki', format: 'pem' }));
    otherPublicKeyFile = join(dir, 'other.pub.pem');
    writeFileSync(otherPublicKeyFile, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    const live = await seedHospitals(join(dir, 'live.db'), 5);
    file = join(dir, 'live.ndjson');
    // The key as the CLI takes it from the environment: here a file path (PEM text works too).
    manifest = await exportLog(live, file, { signingKey: signingKeyFromEnv({ LEDGER_EXPORT_SIGNING_KEY: keyFile }) });
    await live.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the signature and the public key\'s fingerprint into the manifest', () => {
    const onDisk = JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8')) as ExportManifest;
    expect(onDisk).toEqual(manifest);
    expect(onDisk.signature).toEqual({
      algorithm: 'Ed25519',
      publicKeyFingerprint: publicKeyFingerprint(readPublicKey(publicKeyFile)),
      value: expect.stringMatching(/^[A-Za-z0-9+/]{86}==$/) as unknown as string,
    });
    expect(onDisk.signature?.publicKeyFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('verifies what was signed, and fails a changed manifest or another key', () => {
    const key = readPublicKey(publicKeyFile);
    const parsed = JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8')) as Record<string, unknown>;
    expect(checkManifestSignature(parsed, key)).toMatchObject({ signatureValid: true, problem: null });
    expect(checkManifestSignature({ ...parsed, count: Number(parsed['count']) + 1 }, key)).toMatchObject({ signatureValid: false, problem: expect.stringMatching(/changed after signing/) as unknown as string });
    expect(checkManifestSignature({ ...parsed, signature: null }, key)).toMatchObject({ signatureValid: false, problem: 'the manifest is not signed' });
    expect(checkManifestSignature(parsed, readPublicKey(otherPublicKeyFile))).toMatchObject({ signatureValid: false, problem: 'the manifest was signed with another key than the one given' });
  });

  it('refuses a signing key that is not an Ed25519 PEM key, in one line', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => signingKeyFromEnv({ LEDGER_EXPORT_SIGNING_KEY: rsa })).toThrow(new UsageError('LEDGER_EXPORT_SIGNING_KEY must be an Ed25519 key, not rsa'));
    expect(() => signingKeyFromEnv({ LEDGER_EXPORT_SIGNING_KEY: join(dir, 'missing.pem') })).toThrow(/neither PEM text nor an existing file/);
    expect(signingKeyFromEnv({})).toBeUndefined();
  });

  it('cli replay --public-key reports signatureValid and exits 0; without a key it reports "not checked"', async () => {
    const signed = await runCli(['replay', '--from', file, '--to', join(dir, 'signed.db'), '--public-key', publicKeyFile]);
    expect({ code: signed.code, stderr: signed.stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(signed.stdout) as SignedReplay;
    expect(report).toMatchObject({ ok: true, signature: { signatureValid: true, problem: null } });
    const unchecked = await runCli(['replay', '--from', file, '--to', join(dir, 'unchecked.db')]);
    expect(unchecked.code).toBe(0);
    expect((JSON.parse(unchecked.stdout) as SignedReplay).signature).toBe('not checked');
  });

  it('cli replay of a tampered manifest fails the signature and exits 1', async () => {
    const tampered = join(dir, 'tampered.ndjson');
    writeFileSync(tampered, readFileSync(file));
    const changed = { ...manifest, exportedAt: '2020-01-01T00:00:00.000Z' };
    writeFileSync(`${tampered}.manifest.json`, JSON.stringify(changed, null, 2));
    const { code, stdout, stderr } = await runCli(['replay', '--from', tampered, '--to', join(dir, 'tampered.db'), '--public-key', publicKeyFile]);
    expect(stderr).not.toMatch(/\n\s+at /);
    const report = JSON.parse(stdout) as SignedReplay;
    // The file itself is intact (its sha256 matches): only the signature tells the manifest was edited.
    expect(report).toMatchObject({ ok: false, manifestSha256Matches: true, signature: { signatureValid: false } });
    expect(code).toBe(1);
  });
});

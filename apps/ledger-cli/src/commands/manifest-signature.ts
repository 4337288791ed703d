import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from '../usage-error';

/**
 * An export manifest's Ed25519 signature: who can check it holds the ledger's public key, and then knows
 * the export came from the ledger (the manifest's sha256 and count pin the NDJSON file), not only that it
 * is self-consistent.
 */
export interface ManifestSignature {
  algorithm: 'Ed25519';
  /** sha256 of the public key's SPKI DER, hex: names the key without shipping it. */
  publicKeyFingerprint: string;
  /** base64 signature over the canonical manifest (sorted keys, without `signature`). */
  value: string;
}

export type SignatureCheck =
  | 'not checked'
  | { signatureValid: boolean; publicKeyFingerprint: string; manifestFingerprint: string | null; problem: string | null };

export const SIGNING_KEY_ENV = 'LEDGER_EXPORT_SIGNING_KEY';
/** A key file is small: anything larger is not a PEM key. */
const MAX_KEY_BYTES = 16 * 1024;

/** The manifest as signed: JSON with keys sorted at every level, the signature itself left out. */
export function canonicalManifest(manifest: object): string {
  const { signature: _unsigned, ...rest } = manifest as Record<string, unknown>;
  return canonicalJson(rest);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function publicKeyFingerprint(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return `sha256:${createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex')}`;
}

/** PEM text, or the path of a PEM file (a key in an environment variable or in a mounted secret file). */
function pemFrom(value: string, what: string): string {
  if (value.trimStart().startsWith('-----BEGIN')) return value;
  if (!existsSync(value)) throw new UsageError(`${what} is neither PEM text nor an existing file: ${value}`);
  const text = readFileSync(value);
  if (text.length > MAX_KEY_BYTES) throw new UsageError(`${what}: ${value} is too large to be a PEM key`);
  return text.toString('utf8');
}

/** The Ed25519 private key LEDGER_EXPORT_SIGNING_KEY names, or undefined when it is not set (unsigned export). */
export function signingKeyFromEnv(env: NodeJS.ProcessEnv = process.env): KeyObject | undefined {
  const value = env[SIGNING_KEY_ENV];
  if (!value) return undefined;
  let key: KeyObject;
  try {
    key = createPrivateKey(pemFrom(value, SIGNING_KEY_ENV));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${SIGNING_KEY_ENV} is not a PEM private key: ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new UsageError(`${SIGNING_KEY_ENV} must be an Ed25519 key, not ${key.asymmetricKeyType}`);
  return key;
}

export function signManifest(manifest: object, privateKey: KeyObject): ManifestSignature {
  const value = sign(null, Buffer.from(canonicalManifest(manifest), 'utf8'), privateKey).toString('base64');
  return { algorithm: 'Ed25519', publicKeyFingerprint: publicKeyFingerprint(privateKey), value };
}

/** The public key file given to `replay --public-key`, refused in one line when it is not an Ed25519 public key. */
export function readPublicKey(path: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pemFrom(path, '--public-key'));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--public-key ${path} is not a PEM public key: ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new UsageError(`--public-key must be an Ed25519 key, not ${key.asymmetricKeyType}`);
  return key;
}

/** Checks a manifest (as parsed from its file) against the auditor's copy of the ledger's public key. */
export function checkManifestSignature(manifest: Record<string, unknown>, publicKey: KeyObject): SignatureCheck {
  const publicKeyFingerprintHex = publicKeyFingerprint(publicKey);
  const result = (signatureValid: boolean, manifestFingerprint: string | null, problem: string | null): SignatureCheck => ({
    signatureValid,
    publicKeyFingerprint: publicKeyFingerprintHex,
    manifestFingerprint,
    problem,
  });
  const signature = manifest['signature'] as Partial<ManifestSignature> | null | undefined;
  if (!signature || typeof signature !== 'object') return result(false, null, 'the manifest is not signed');
  const fingerprint = typeof signature.publicKeyFingerprint === 'string' ? signature.publicKeyFingerprint : null;
  if (signature.algorithm !== 'Ed25519' || typeof signature.value !== 'string') {
    return result(false, fingerprint, 'the manifest signature is not an Ed25519 signature');
  }
  if (fingerprint !== publicKeyFingerprintHex) {
    return result(false, fingerprint, 'the manifest was signed with another key than the one given');
  }
  const ok = verify(null, Buffer.from(canonicalManifest(manifest), 'utf8'), publicKey, Buffer.from(signature.value, 'base64'));
  return result(ok, fingerprint, ok ? null : 'the signature does not match the manifest: it was changed after signing');
}

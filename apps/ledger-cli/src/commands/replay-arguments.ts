import type { KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from '../usage-error';
import { readPublicKey } from './manifest-signature';

/** Bounded: a manifest is a few hundred bytes. */
const MAX_MANIFEST_BYTES = 1024 * 1024;

/**
 * What `replay` checks before it touches anything, each a one-line usage error: the export and its
 * manifest exist and parse, the target store does not exist yet, and the public key (if given) is one.
 */
export function checkReplayArguments(flags: { from: string; to: string; publicKey?: string }): {
  manifest: Record<string, unknown>;
  publicKey: KeyObject | undefined;
} {
  if (!existsSync(flags.from)) throw new UsageError(`--from ${flags.from} does not exist`);
  const manifestPath = `${flags.from}.manifest.json`;
  if (!existsSync(manifestPath)) throw new UsageError(`${manifestPath} does not exist: replay needs the export's manifest beside it`);
  if (existsSync(flags.to)) throw new UsageError(`--to ${flags.to} exists: replay needs a fresh store (give a new file name)`);
  const text = readFileSync(manifestPath);
  if (text.length > MAX_MANIFEST_BYTES) throw new UsageError(`${manifestPath} is too large to be an export manifest`);
  let manifest: unknown;
  try {
    manifest = JSON.parse(text.toString('utf8'));
  } catch (error) {
    throw new UsageError(`${manifestPath} is not JSON: ${(error as Error).message}`);
  }
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) {
    throw new UsageError(`${manifestPath} is not an export manifest`);
  }
  return { manifest: manifest as Record<string, unknown>, publicKey: flags.publicKey ? readPublicKey(flags.publicKey) : undefined };
}

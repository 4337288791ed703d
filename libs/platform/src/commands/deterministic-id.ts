import { createHash } from 'node:crypto';

/** RFC 4122 name-based (version 5, SHA-1) UUID. The namespace is this ledger's own. */
const LEDGER_NAMESPACE = Buffer.from('6f1c2a7e9b3d4c5e8a1f0b2c3d4e5f60', 'hex');

export function deterministicUuid(name: string): string {
  const hash = createHash('sha1').update(LEDGER_NAMESPACE).update(name, 'utf8').digest();
  const bytes = Buffer.from(hash.subarray(0, 16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Event ids derive from the command id, so a retried command can never store its events twice. */
export const eventIdFor = (commandId: string, index: number): string => deterministicUuid(`${commandId}#${index}`);

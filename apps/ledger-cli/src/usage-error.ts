/**
 * A bad invocation the CLI can explain in one line (a missing file, an existing target, an unreachable
 * service, a malformed key): printed as `<command>: <message>` on stderr with exit code 2, never a stack.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

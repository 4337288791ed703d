/**
 * Awaited writes to stdout/stderr. When stdout is a pipe, Node writes asynchronously: text handed to
 * write() is still in the process's buffer when write() returns, and process.exit() drops it (the CLI's
 * output was cut at 128 KiB, issue #20.1). These resolve only once the stream has taken the whole text
 * (the write callback), so a command that awaits them can return its exit code and let the process end.
 */
export function writeOut(text: string, stream: NodeJS.WritableStream = process.stdout): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error?: Error | null) => (error ? reject(error) : resolve()));
  });
}

export function writeErr(text: string): Promise<void> {
  return writeOut(text, process.stderr);
}

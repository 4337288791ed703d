/** A one-line progress bar on stderr (only when it is a terminal, so logs and CI output stay clean). */
export class ProgressBar {
  private lastDrawMs = 0;
  constructor(
    private readonly label: string,
    private readonly total: number | undefined,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number): void {
    const now = Date.now();
    if (!this.stream.isTTY || now - this.lastDrawMs < 100) return;
    this.lastDrawMs = now;
    const width = 30;
    if (this.total && this.total > 0) {
      const ratio = Math.min(1, done / this.total);
      const filled = Math.round(ratio * width);
      this.stream.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total}`);
    } else {
      this.stream.write(`\r${this.label} ${done}`);
    }
  }

  finish(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }
}

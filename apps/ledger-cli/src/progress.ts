import { SingleBar } from 'cli-progress';

/**
 * A one-line progress bar (cli-progress) with the rate and the ETA, on stderr, drawn only when stderr is a
 * terminal: piped or captured output (CI, tests, `| jq`) gets nothing extra.
 */
export class ProgressBar {
  private readonly bar: SingleBar | undefined;
  private readonly startedMs = Date.now();
  private started = false;

  constructor(
    private readonly label: string,
    private total: number | undefined,
    stream: NodeJS.WriteStream = process.stderr,
  ) {
    if (!stream.isTTY) return;
    const known = total !== undefined && total > 0;
    this.bar = new SingleBar({
      stream,
      format: known
        ? '{label} [{bar}] {percentage}% {value}/{total} | {rate}/s | ETA {eta_formatted}'
        : '{label} {value} | {rate}/s',
      barsize: 30,
      etaBuffer: 50,
      fps: 10,
      hideCursor: true,
      clearOnComplete: false,
    });
  }

  /** The total became known (or changed) after the bar started. */
  setTotal(total: number): void {
    this.total = total;
    this.bar?.setTotal(total);
  }

  update(done: number): void {
    if (!this.bar) return;
    const elapsedSec = Math.max((Date.now() - this.startedMs) / 1000, 0.001);
    const payload = { label: this.label, rate: Math.round(done / elapsedSec).toLocaleString('en-US') };
    if (!this.started) {
      this.started = true;
      this.bar.start(this.total && this.total > 0 ? this.total : done, done, payload);
      return;
    }
    if (!this.total || done > this.total) this.bar.setTotal(done);
    this.bar.update(done, payload);
  }

  finish(): void {
    if (this.started) this.bar?.stop();
  }
}

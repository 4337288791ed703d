/** Events per second, smoothed over recent pages (an exponential moving average: O(1) memory and read). */
export class RateMeter {
  private rate = 0;

  constructor(private readonly weight = 0.2) {}

  record(events: number, elapsedMs: number): void {
    if (events <= 0) return;
    const instant = (events * 1000) / Math.max(elapsedMs, 0.001);
    this.rate = this.rate === 0 ? instant : this.rate * (1 - this.weight) + instant * this.weight;
  }

  get eventsPerSecond(): number {
    return this.rate;
  }

  /** Seconds until `remaining` more positions are applied at the current rate (null: no rate yet). */
  etaSeconds(remaining: bigint): number | null {
    if (remaining <= 0n) return 0;
    if (this.rate <= 0) return null;
    return Number(remaining) / this.rate;
  }
}

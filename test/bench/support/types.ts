/** One line of the results table. Figures are rates (per second) or durations (ms), as `unit` says. */
export interface BenchRow {
  id: string;
  label: string;
  figure: number | null;
  unit: string;
  baseline: number | null;
  baselineLabel: string;
  /** figure / baseline (for durations: baseline / figure is never used; ratios are always figure ÷ baseline). */
  ratio: number | null;
  target: string;
  /** true / false when a target applies, null for informational rows. */
  met: boolean | null;
  /** Set when the row could not be measured: printed as "n/a: <reason>". */
  na?: string;
  note?: string;
  details?: Record<string, unknown>;
}

export interface BenchOptions {
  full: boolean;
  profile: boolean;
}

export type GroupResult = { rows: BenchRow[]; log: string[] };

export function naRow(id: string, label: string, target: string, reason: string): BenchRow {
  return {
    id,
    label,
    figure: null,
    unit: '',
    baseline: null,
    baselineLabel: '',
    ratio: null,
    target,
    met: null,
    na: reason,
  };
}

export function ratioOf(figure: number | null, baseline: number | null): number | null {
  return figure !== null && baseline !== null && baseline > 0 ? figure / baseline : null;
}

export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 160);
}

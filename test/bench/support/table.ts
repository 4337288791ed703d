import { fmtRate } from './measure';
import type { BenchRow } from './types';

function figureText(value: number | null, unit: string): string {
  if (value === null) return '-';
  if (unit === 'ms') return `${value.toFixed(value < 10 ? 2 : 0)} ms`;
  if (unit === 'MiB') return `${Math.round(value)} MiB`;
  return `${fmtRate(value)} ${unit}`;
}

/** The results table: figure, the baseline measured in the same run, their ratio, the target, met. */
export function renderTable(rows: readonly BenchRow[], environment: string): string {
  const header = ['ID', 'Row', 'Figure', 'Baseline (same run)', 'Ratio', 'Target', 'Met'];
  const body = rows.map((row) => {
    if (row.na) return [row.id, row.label, `n/a: ${row.na}`, '', '', row.target, 'n/a'];
    const baseline = row.baseline === null ? '-' : `${figureText(row.baseline, row.unit)} (${row.baselineLabel})`;
    const ratio = row.ratio === null ? '-' : `${row.ratio.toFixed(2)}x`;
    const met = row.met === null ? 'info' : row.met ? 'met' : 'NOT met';
    return [row.id, row.label, figureText(row.figure, row.unit), baseline, ratio, row.target, met];
  });
  // Long n/a reasons would stretch the Figure column: they get the rest of the line instead.
  const widths = header.map((h, i) =>
    Math.max(
      h.length,
      ...body.map((cells, r) => (rows[r]!.na && i === 2 ? 0 : Math.min(cells[i]!.length, i === 3 ? 58 : 60))),
    ),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join(' | ')
      .trimEnd();
  const out = [environment, line(header), widths.map((w) => '-'.repeat(w)).join('-|-')];
  body.forEach((cells, r) => {
    const row = rows[r]!;
    if (row.na) out.push(`${line([cells[0]!, cells[1]!])} | ${cells[2]}  [target ${row.target}]`);
    else out.push(line(cells));
    if (row.note) out.push(`${' '.repeat(widths[0]!)} |   note: ${row.note}`);
  });
  return out.join('\n');
}

import { type AllocationLineView, type AllocationRunCommittedData, lineView, runLines } from './allocation-run.events';

const CSV_COLUMNS: ReadonlyArray<keyof AllocationLineView> = [
  'payeeId',
  'quotaYuan',
  'carriedInYuan',
  'effectiveQuotaYuan',
  'lastYearQuotaYuan',
  'changeYuan',
  'basis',
  'bound',
  'downgradePercent',
  'downgradeYuan',
  'exactYuan',
  'computedYuan',
  'boundedYuan',
  'weightYuan',
  'perCaseYuan',
  'class',
  'expectedCases',
];

/** One row per hospital of the run: the committed quota first, then how it was computed. */
export function quotasCsv(run: AllocationRunCommittedData): string {
  const lines = runLines(run).map(lineView);
  const rows = lines.map((line) => CSV_COLUMNS.map((column) => csvCell(line[column])).join(','));
  return `${['runId', ...CSV_COLUMNS].join(',')}\n${rows.map((row) => `${run.runId},${row}`).join('\n')}\n`;
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

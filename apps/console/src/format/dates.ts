/** Every date and time is shown in the fund's zone, whatever the browser's (the books are kept in Beijing time). */
export const TIME_ZONE = 'Asia/Shanghai';

const DATE_TIME = new Intl.DateTimeFormat('sv-SE', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** "2026-12-04T01:51:32.570Z" -> "2026-12-04 09:51:32" (Asia/Shanghai). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : DATE_TIME.format(date);
}

/** The current year in Shanghai: the default budget year of the screens. */
export function shanghaiYear(now: Date = new Date()): number {
  return Number(DATE_TIME.format(now).slice(0, 4));
}

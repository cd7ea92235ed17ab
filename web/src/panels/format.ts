/** Dates are shown in the zone's own time (UTC+8) whatever the browser's time zone. */
const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const dateOnly = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  return dateTime.format(new Date(value)).replace(/\//g, '-');
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  return dateOnly.format(new Date(value)).replace(/\//g, '-');
}

export function formatNumber(value: number): string {
  return value.toLocaleString('en-US');
}

export function squareKilometres(squareMetres: number): string {
  return (squareMetres / 1_000_000).toFixed(squareMetres < 100_000 ? 3 : 2);
}

/**
 * Dates are shown in the zone's own time whatever the browser's time zone: the zone comes from
 * the server's clock (GET /api/clock, policy `zone_time_zone`), read once when the app starts;
 * until it answers, the demo zone's own zone is assumed.
 */
let zoneTimeZone = 'Asia/Shanghai';
let dateTime = buildDateTime(zoneTimeZone);
let dateOnly = buildDateOnly(zoneTimeZone);

function buildDateTime(timeZone: string) {
  return new Intl.DateTimeFormat('zh-CN', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
}
function buildDateOnly(timeZone: string) {
  return new Intl.DateTimeFormat('zh-CN', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
}

/** Use the zone the server names (called once by the app root when /api/clock answers). */
export function setZoneTimeZone(timeZone: string): void {
  if (timeZone === zoneTimeZone) return;
  try {
    dateTime = buildDateTime(timeZone);
    dateOnly = buildDateOnly(timeZone);
    zoneTimeZone = timeZone;
  } catch {
    // an unknown zone name: keep the one we have
  }
}

/** The zone every shown time is in (for views that format times themselves). */
export function currentZoneTimeZone(): string {
  return zoneTimeZone;
}

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

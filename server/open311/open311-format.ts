/**
 * GeoReport v2 wire details: times are ISO 8601 with the zone's offset (2026-06-15T10:00:00+08:00),
 * errors are a list of {code, description}, and every answer can be JSON or XML.
 */
export function isoWithOffset(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
      hourCycle: 'h23', timeZoneName: 'longOffset',
    }).formatToParts(date).map((part) => [part.type, part.value]),
  );
  const offset = (parts.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00';
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

/** W3C date-time as GeoReport uses it: a date, or a date-time with a zone. Anything else is malformed. */
export function parseOpen311Date(text: string): Date | undefined {
  const trimmed = text.trim();
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(trimmed);
  const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(trimmed);
  if (!dateOnly && !dateTime) return undefined;
  const date = new Date(dateOnly ? `${trimmed}T00:00:00+08:00` : trimmed);
  if (Number.isNaN(date.getTime())) return undefined;
  // reject rolled-over dates such as 2026-02-31
  const [year, month, day] = trimmed.slice(0, 10).split('-').map(Number) as [number, number, number];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return date;
}

export interface Open311Error {
  code: number;
  description: string;
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

function elementXml(name: string, value: unknown, itemNames: Record<string, string>): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const itemName = itemNames[name] ?? 'item';
    return `<${name}>${value.map((item) => elementXml(itemName, item, itemNames)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value as Record<string, unknown>).map(([key, child]) => elementXml(key, child, itemNames)).join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** The spec's XML: a root list element of repeated items (services/service, service_requests/request, errors/error). */
export function toXml(rootName: string, itemName: string, items: unknown[]): string {
  const itemNames: Record<string, string> = { [rootName]: itemName, attributes: 'attribute', values: 'value' };
  return `<?xml version="1.0" encoding="utf-8"?>\n${elementXml(rootName, items, itemNames)}`;
}

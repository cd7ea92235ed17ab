import { isoWithZoneOffset } from '../time/zone.ts';
import { readInstant } from '../http/strict-values.ts';
import { stripXmlForbidden } from '../http/text-rules.ts';

/**
 * GeoReport v2 wire details: times are ISO 8601 with the zone's offset (2026-06-15T10:00:00+08:00),
 * errors are a list of {code, description}, and every answer can be JSON or XML.
 */
export function isoWithOffset(date: Date, timeZone: string): string {
  return isoWithZoneOffset(date, timeZone);
}

/**
 * W3C date-time as GeoReport uses it: a date (its start in the zone's time), or a date-time with
 * a zone. Anything else — a local time without a zone, a rolled-over date like 2026-02-31 — is malformed.
 */
export function parseOpen311Date(text: string, timeZone: string): Date | undefined {
  const trimmed = text.trim();
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(trimmed);
  const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(trimmed);
  if (!dateOnly && !dateTime) return undefined;
  // a real calendar date in a plausible year (strict-values.ts); no rolling 30 February into March
  const reading = readInstant(trimmed, timeZone);
  return 'instant' in reading ? reading.instant : undefined;
}

export interface Open311Error {
  code: number;
  description: string;
}

// characters XML 1.0 forbids are dropped first: a stored description with U+0001 must not break the feed
const escapeXml = (text: string) =>
  stripXmlForbidden(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

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

/** One XML document whose root is an object (discovery): `lists` names the element of each list's items. */
export function objectToXml(rootName: string, value: Record<string, unknown>, lists: Record<string, string>): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${elementXml(rootName, value, lists)}`;
}

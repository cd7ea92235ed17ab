import { isoWithZoneOffset } from '../time/zone.ts';
import type { WarningRow } from './warnings.repo.ts';

/**
 * Warnings as CAP 1.2 (OASIS Common Alerting Protocol, urn:oasis:names:tc:emergency:cap:1.2), so
 * other systems — the city's alerting platform, broadcasters, apps — can take them. Elements are
 * written in the order the CAP 1.2 schema's sequences require; times carry the zone's offset
 * (CAP forbids "Z": UTC is written -00:00); polygons are "lat,lon" pairs, closed, one <polygon> per
 * outer ring. Text is stripped of the characters XML 1.0 forbids, then escaped.
 */

/** Characters XML 1.0 does not allow anywhere in a document (controls other than tab, LF, CR; lone surrogates; U+FFFE/U+FFFF). */
const forbiddenInXml = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text without the characters XML 1.0 forbids (also applied to a warning's text as it is published). */
export function withoutForbiddenCharacters(value: string): string {
  return value.replace(forbiddenInXml, '');
}

export function xmlText(value: string): string {
  return withoutForbiddenCharacters(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const severityOfLevel = { red: 'Extreme', orange: 'Severe', yellow: 'Moderate', blue: 'Minor' } as const;

/** CAP <category> by the kind of event (incident category codes, migration 0002/0019). */
function capCategory(eventKind: string | null): string {
  switch (eventKind) {
    case '0504': return 'Met';
    case '0505': case '0506': return 'Fire';
    case '0501': case '0502': case '0503': case '0508': return 'Infra';
    case '0507': return 'CBRNE';
    default: return 'Safety';
  }
}

export function capTime(instant: Date, timeZone: string): string {
  return isoWithZoneOffset(instant, timeZone).replace(/\+00:00$/, '-00:00');
}

function capPolygons(area: GeoJSON.MultiPolygon): string[] {
  return area.coordinates.map((polygon) => {
    const ring = polygon[0]!;
    const closed = ring.length > 0 && (ring[0]![0] !== ring.at(-1)![0] || ring[0]![1] !== ring.at(-1)![1]) ? [...ring, ring[0]!] : ring;
    return closed.map(([longitude, latitude]) => `${latitude},${longitude}`).join(' ');
  });
}

export interface CapAlert {
  identifier: string;
  sender: string;
  sent: string;
  status: 'Actual';
  msgType: 'Alert' | 'Cancel';
  scope: 'Public';
  /** a Cancel names the alert it cancels: sender,identifier,sent */
  references: string | null;
  info: {
    language: string;
    category: string;
    event: string;
    urgency: 'Immediate' | 'Expected';
    severity: (typeof severityOfLevel)[keyof typeof severityOfLevel];
    certainty: 'Likely';
    effective: string;
    expires: string;
    senderName: string;
    headline: string;
    description: string;
    area: { areaDesc: string; polygons: string[] };
  };
}

/** The CAP structure of a warning (for the XML and the JSON feed alike). */
export function capAlertOf(warning: WarningRow, options: { timeZone: string; sender: string; senderName: string; areaDesc: string; now: Date }): CapAlert {
  const published = capTime(warning.publishedAt, options.timeZone);
  return {
    // a cancellation is a message of its own, which references the alert it cancels
    identifier: warning.cancelledAt ? `${warning.identifier}.cancel` : warning.identifier,
    sender: options.sender,
    sent: warning.cancelledAt ? capTime(warning.cancelledAt, options.timeZone) : published,
    status: 'Actual',
    msgType: warning.cancelledAt ? 'Cancel' : 'Alert',
    scope: 'Public',
    references: warning.cancelledAt ? `${options.sender},${warning.identifier},${published}` : null,
    info: {
      language: 'zh-CN',
      category: capCategory(warning.eventKind),
      event: warning.headline,
      urgency: warning.validFrom.getTime() <= options.now.getTime() ? 'Immediate' : 'Expected',
      severity: severityOfLevel[warning.level],
      certainty: 'Likely',
      effective: capTime(warning.validFrom, options.timeZone),
      expires: capTime(warning.validTo, options.timeZone),
      senderName: options.senderName,
      headline: warning.headline,
      description: warning.body,
      area: { areaDesc: options.areaDesc, polygons: capPolygons(warning.area) },
    },
  };
}

export function capXml(alert: CapAlert): string {
  const element = (name: string, value: string, indent: string) => `${indent}<${name}>${xmlText(value)}</${name}>`;
  const { info } = alert;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">',
    element('identifier', alert.identifier, '  '),
    element('sender', alert.sender, '  '),
    element('sent', alert.sent, '  '),
    element('status', alert.status, '  '),
    element('msgType', alert.msgType, '  '),
    element('scope', alert.scope, '  '),
    ...(alert.references ? [element('references', alert.references, '  ')] : []),
    '  <info>',
    element('language', info.language, '    '),
    element('category', info.category, '    '),
    element('event', info.event, '    '),
    element('urgency', info.urgency, '    '),
    element('severity', info.severity, '    '),
    element('certainty', info.certainty, '    '),
    element('effective', info.effective, '    '),
    element('expires', info.expires, '    '),
    element('senderName', info.senderName, '    '),
    element('headline', info.headline, '    '),
    element('description', info.description, '    '),
    '    <area>',
    element('areaDesc', info.area.areaDesc, '      '),
    ...info.area.polygons.map((polygon) => element('polygon', polygon, '      ')),
    '    </area>',
    '  </info>',
    '</alert>',
    '',
  ].join('\n');
}

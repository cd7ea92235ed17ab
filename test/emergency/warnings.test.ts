import { DOMParser, type Element } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/accounts/roles.ts';
import type { AppContext } from '../../server/app-context.ts';
import type { Database } from '../../server/db/connect.ts';
import { xmlText } from '../../server/emergency/cap-format.ts';
import { buildAccountsWorld, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { databaseMode, openTestDatabase } from '../support/test-database.ts';

const capNamespace = 'urn:oasis:names:tc:emergency:cap:1.2';

/**
 * The sequences of the CAP 1.2 schema (CAP-v1.2.xsd): element order, required elements, the
 * dateTime pattern (no "Z") and the enumerations. A document that passes this has the shape the
 * schema accepts for the elements GridAtlas writes.
 */
function checkCapStructure(xml: string): Element {
  const document = new DOMParser().parseFromString(xml, 'application/xml');
  const alert = document.documentElement!;
  expect(alert.localName).toBe('alert');
  expect(alert.namespaceURI).toBe(capNamespace);
  const children = (element: Element) => Array.from(element.childNodes).filter((node): node is Element => node.nodeType === 1);
  const inOrder = (element: Element, sequence: [string, 'required' | 'optional' | 'many'][]) => {
    const names = children(element).map((child) => child.localName);
    let position = 0;
    for (const [name, occurs] of sequence) {
      let seen = 0;
      while (names[position] === name) {
        position++;
        seen++;
      }
      if (occurs === 'required') expect(seen, `${element.localName}/${name}`).toBe(1);
      if (occurs === 'optional') expect(seen, `${element.localName}/${name}`).toBeLessThanOrEqual(1);
    }
    expect(names.slice(position), `unexpected elements in ${element.localName}`).toEqual([]);
    for (const child of children(element)) expect(child.namespaceURI).toBe(capNamespace);
  };
  inOrder(alert, [
    ['identifier', 'required'], ['sender', 'required'], ['sent', 'required'], ['status', 'required'], ['msgType', 'required'], ['source', 'optional'],
    ['scope', 'required'], ['restriction', 'optional'], ['addresses', 'optional'], ['code', 'many'], ['note', 'optional'], ['references', 'optional'],
    ['incidents', 'optional'], ['info', 'many'],
  ]);
  const text = (element: Element, name: string) => children(element).find((child) => child.localName === name)?.textContent ?? '';
  const dateTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d$/;
  expect(text(alert, 'sent')).toMatch(dateTime);
  expect(['Actual', 'Exercise', 'System', 'Test', 'Draft']).toContain(text(alert, 'status'));
  expect(['Alert', 'Update', 'Cancel', 'Ack', 'Error']).toContain(text(alert, 'msgType'));
  expect(text(alert, 'identifier')).not.toMatch(/[\s,<&]/);
  expect(text(alert, 'sender')).not.toMatch(/[\s,<&]/);
  for (const info of children(alert).filter((child) => child.localName === 'info')) {
    inOrder(info, [
      ['language', 'optional'], ['category', 'many'], ['event', 'required'], ['responseType', 'many'], ['urgency', 'required'], ['severity', 'required'],
      ['certainty', 'required'], ['audience', 'optional'], ['eventCode', 'many'], ['effective', 'optional'], ['onset', 'optional'], ['expires', 'optional'],
      ['senderName', 'optional'], ['headline', 'optional'], ['description', 'optional'], ['instruction', 'optional'], ['web', 'optional'],
      ['contact', 'optional'], ['parameter', 'many'], ['resource', 'many'], ['area', 'many'],
    ]);
    expect(['Geo', 'Met', 'Safety', 'Security', 'Rescue', 'Fire', 'Health', 'Env', 'Transport', 'Infra', 'CBRNE', 'Other']).toContain(text(info, 'category'));
    expect(['Immediate', 'Expected', 'Future', 'Past', 'Unknown']).toContain(text(info, 'urgency'));
    expect(['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown']).toContain(text(info, 'severity'));
    expect(['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown']).toContain(text(info, 'certainty'));
    expect(text(info, 'effective')).toMatch(dateTime);
    expect(text(info, 'expires')).toMatch(dateTime);
    for (const area of children(info).filter((child) => child.localName === 'area')) {
      inOrder(area, [['areaDesc', 'required'], ['polygon', 'many'], ['circle', 'many'], ['geocode', 'many'], ['altitude', 'optional'], ['ceiling', 'optional']]);
      for (const polygon of children(area).filter((child) => child.localName === 'polygon')) {
        const pairs = polygon.textContent!.split(' ');
        expect(pairs.length).toBeGreaterThanOrEqual(4);
        expect(pairs[0]).toBe(pairs.at(-1));
        for (const pair of pairs) expect(pair).toMatch(/^-?\d+(\.\d+)?,-?\d+(\.\d+)?$/);
      }
    }
  }
  return alert;
}

/** Issue 20: warnings for an area, on the resident page, for workers, and as CAP 1.2. */
describe(`emergency warnings (${databaseMode})`, () => {
  let database: Database;
  let app: TestApp;
  let context: AppContext;
  let world: AccountsWorld;
  // the fixture's two grids lie side by side: [119.00, 119.01] and [119.01, 119.02] × [33.00, 33.01]
  const overBothGrids = { type: 'Polygon', coordinates: [[[118.999, 32.999], [119.021, 32.999], [119.021, 33.011], [118.999, 33.011], [118.999, 32.999]]] };
  const insideGrid0 = { lng: 119.005, lat: 33.005 };
  const insideGrid1 = { lng: 119.015, lat: 33.005 };
  const outside = { lng: 119.05, lat: 33.005 };
  const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app, context } = createTestApp(database));
    world = await buildAccountsWorld(database.sql, testDataKey, [119.0, 33.0]);
  });
  afterAll(async () => {
    await database.close();
  });

  const call = async (role: Role | null, method: string, path: string, body?: unknown) => {
    const headers = { ...(role ? await sessionFor(database.sql, world.users[role]) : {}), 'Content-Type': 'application/json' };
    return getJson(app, path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  };
  const count = async () => Number((await database.sql`select count(*)::int as n from emergency_warnings`)[0]!.n);
  const residentSees = async (point: { lng: number; lat: number }) =>
    (await call(null, 'GET', `/api/public/warnings?lng=${point.lng}&lat=${point.lat}`)).body.warnings.map((warning: any) => warning.identifier);

  it('shows a warning drawn over two grids to residents inside them and not outside, and tells each grid\'s worker', async () => {
    const before = context.liveEvents.bufferedEvents().length;
    const published = await call('dispatcher', 'POST', '/api/warnings', {
      level: 'orange', eventKind: '0504', headline: '暴雨橙色预警', body: '预计未来 3 小时有强降雨，低洼处请注意防范积水。', area: overBothGrids, validTo: inHours(6),
    });
    expect(published.status).toBe(201);
    const { identifier } = published.body;
    expect(published.body).toMatchObject({ level: 'orange', active: true, area: { type: 'MultiPolygon' } });
    expect(await residentSees(insideGrid0)).toContain(identifier);
    expect(await residentSees(insideGrid1)).toContain(identifier);
    expect(await residentSees(outside)).not.toContain(identifier);

    const events = context.liveEvents.bufferedEvents().slice(before).filter((event) => event.type === 'warning.published');
    expect(events.map((event) => event.area.gridId).sort()).toEqual([...world.territory.gridIds].sort());

    const ack = await call('worker', 'POST', `/api/warnings/${published.body.id}/acknowledge`);
    expect(ack.status).toBe(200);
    const mine = (await call('worker', 'GET', '/api/warnings')).body.warnings.find((warning: any) => warning.id === published.body.id);
    expect(mine).toMatchObject({ acknowledgedByMe: true, acknowledgedCount: 1 });
  });

  it('takes chosen grids as the area: a warning for grid 1 is not shown in grid 2', async () => {
    const published = await call('admin', 'POST', '/api/warnings', {
      level: 'yellow', headline: '燃气管道抢修', body: '今晚 22 时至次日 2 时停气抢修。', gridIds: [world.territory.gridIds[0]], validTo: inHours(2),
    });
    expect(published.status).toBe(201);
    expect(await residentSees(insideGrid0)).toContain(published.body.identifier);
    expect(await residentSees(insideGrid1)).not.toContain(published.body.identifier);
  });

  it('ends warnings by themselves when their validity ends, and on cancellation', async () => {
    const published = await call('dispatcher', 'POST', '/api/warnings', { level: 'blue', headline: '大风蓝色预警', body: '请收好阳台物品。', gridIds: [world.territory.gridIds[1]], validTo: inHours(1) });
    expect(await residentSees(insideGrid1)).toContain(published.body.identifier);
    // the validity has run out: nothing has to happen for the warning to end
    await database.sql`update emergency_warnings set valid_from = now() - interval '2 hours', valid_to = now() - interval '1 minute' where id = ${published.body.id}`;
    expect(await residentSees(insideGrid1)).not.toContain(published.body.identifier);

    const another = await call('dispatcher', 'POST', '/api/warnings', { level: 'red', headline: '化学品泄漏红色预警', body: '请关闭门窗。', gridIds: [world.territory.gridIds[1]], validTo: inHours(1) });
    expect((await call('dispatcher', 'POST', `/api/warnings/${another.body.id}/cancel`)).body.active).toBe(false);
    expect(await residentSees(insideGrid1)).not.toContain(another.body.identifier);
    const cancel = await app.request(`/api/public/warnings.cap?id=${another.body.identifier}`);
    const alert = checkCapStructure(await cancel.text());
    expect(alert.getElementsByTagNameNS(capNamespace, 'msgType')[0]!.textContent).toBe('Cancel');
    expect(alert.getElementsByTagNameNS(capNamespace, 'references')[0]!.textContent).toContain(another.body.identifier);
  });

  it('refuses an empty area, a validity in the past, unknown grids and a degenerate drawing, writing nothing', async () => {
    const before = await count();
    const base = { level: 'yellow', headline: '测试预警', body: '测试', validTo: inHours(1) };
    const cases: [Record<string, unknown>, number, string][] = [
      [{}, 400, 'area'],
      [{ gridIds: [] }, 400, 'area'],
      [{ gridIds: [world.territory.gridIds[0]], validTo: new Date(Date.now() - 60_000).toISOString() }, 400, 'validTo'],
      [{ gridIds: [999_999] }, 400, 'gridIds'],
      [{ area: { type: 'Polygon', coordinates: [[[119, 33], [119.01, 33], [119.02, 33], [119, 33]]] } }, 422, 'area'],
    ];
    for (const [patch, status, field] of cases) {
      const refused = await call('dispatcher', 'POST', '/api/warnings', { ...base, ...patch });
      expect(refused.status, JSON.stringify(patch)).toBe(status);
      expect(refused.body.error.details.fields.map((problem: any) => problem.field)).toContain(field);
    }
    const past = await call('dispatcher', 'POST', '/api/warnings', { ...base, gridIds: [world.territory.gridIds[0]], validTo: new Date(Date.now() - 60_000).toISOString() });
    expect(past.body.error.details.fields[0]).toMatchObject({ code: 'valid_to_in_past', message: '有效期的结束时间已过' });
    expect(await count()).toBe(before);
    expect((await call('worker', 'POST', '/api/warnings', { ...base, gridIds: [world.territory.gridIds[0]] })).status).toBe(403);
  });

  it('publishes CAP 1.2 XML and JSON, strips characters XML 1.0 forbids, and answers 404 for an unknown id', async () => {
    const published = await call('dispatcher', 'POST', '/api/warnings', {
      level: 'red', eventKind: '0503', headline: '燃气泄漏\u0001红色预警 <A&B>', body: '请立即撤离\u0008，勿用明火。\uFFFE', area: overBothGrids, validTo: inHours(3),
    });
    expect(published.status).toBe(201);
    const response = await app.request(`/api/public/warnings.cap?id=${published.body.identifier}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/xml');
    const xml = await response.text();
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
    const alert = checkCapStructure(xml);
    const text = (name: string) => alert.getElementsByTagNameNS(capNamespace, name)[0]!.textContent;
    expect(text('identifier')).toBe(published.body.identifier);
    expect(text('headline')).toBe('燃气泄漏红色预警 <A&B>');
    expect(text('severity')).toBe('Extreme');
    expect(text('category')).toBe('Infra');

    const json = await call(null, 'GET', `/api/public/warnings.cap.json?id=${published.body.identifier}`);
    expect(json.body).toMatchObject({ identifier: published.body.identifier, msgType: 'Alert', info: { severity: 'Extreme', headline: '燃气泄漏红色预警 <A&B>' } });

    const unknown = await app.request('/api/public/warnings.cap?id=gridatlas-warning-0000000000000000');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('not_found');
    expect((await app.request('/api/public/warnings.cap?id=%3Cscript%3E')).status).toBe(400);
  });

  it('strips every character XML 1.0 forbids and keeps the rest', () => {
    expect(xmlText('a\u0000b\u0007c\u000Bd\u001Fe\uD800f\uFFFEg\uFFFF')).toBe('abcdefg');
    expect(xmlText('tab\tnl\ncr\r 中文 😀')).toBe('tab\tnl\ncr\r 中文 😀');
    expect(xmlText(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&apos;');
  });
});

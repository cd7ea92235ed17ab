import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { statusOfFailure } from '../../server/http/failure.ts';
import { en } from '../../server/messages/en.ts';
import { localeOf } from '../../server/messages/message-catalogue.ts';
import { zhCN } from '../../server/messages/zh-cn.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';

const hasHan = (text: string) => /\p{Script=Han}/u.test(text);

describe('error messages follow Accept-Language, codes stay stable', () => {
  let database: Database;
  let app: TestApp;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
  });
  afterAll(async () => {
    await database.close();
  });

  it('answers a validation failure in Chinese by default, naming the field with a code per problem', async () => {
    const { status, body } = await getJson(app, '/api/grids/abc');
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_request');
    expect(hasHan(body.error.message)).toBe(true);
    expect(body.error.message).toContain('id');
    const [problem] = body.error.details.fields;
    expect(problem).toMatchObject({ field: 'id', code: 'invalid_format' });
    expect(hasHan(problem.message)).toBe(true);
  });

  it('answers the same failure in English when the caller prefers English, with the same code and fields', async () => {
    const zh = await getJson(app, '/api/grids/abc', { headers: { 'Accept-Language': 'zh-CN,zh;q=0.9' } });
    const english = await getJson(app, '/api/grids/abc', { headers: { 'Accept-Language': 'en-GB,en;q=0.8' } });
    expect(english.status).toBe(zh.status);
    expect(english.body.error.code).toBe(zh.body.error.code);
    expect(english.body.error.details.fields.map((entry: { code: string }) => entry.code)).toEqual(
      zh.body.error.details.fields.map((entry: { code: string }) => entry.code),
    );
    expect(hasHan(english.body.error.message)).toBe(false);
    expect(hasHan(zh.body.error.message)).toBe(true);
  });

  it('names the missing thing in the language of the request', async () => {
    const zh = await getJson(app, '/api/grids/999999');
    expect(zh.status).toBe(404);
    expect(zh.body.error).toMatchObject({ code: 'not_found', message: '网格 999999 不存在' });
    const english = await getJson(app, '/api/grids/999999', { headers: { 'Accept-Language': 'en' } });
    expect(english.body.error).toMatchObject({ code: 'not_found', message: 'Grid 999999 does not exist' });
  });

  it('reads Accept-Language by weight and falls back to zh-CN', () => {
    expect(localeOf(undefined)).toBe('zh-CN');
    expect(localeOf('')).toBe('zh-CN');
    expect(localeOf('fr-FR,fr;q=0.9')).toBe('zh-CN');
    expect(localeOf('en-US')).toBe('en');
    expect(localeOf('zh-CN;q=0.5, en;q=0.9')).toBe('en');
    expect(localeOf('fr;q=1, en;q=0.2, zh;q=0.1')).toBe('en');
    expect(localeOf('en;q=0, zh-TW')).toBe('zh-CN');
  });

  it('has every failure code in both catalogues with a status, and every field problem and thing in both', () => {
    expect(Object.keys(en.failures).sort()).toEqual(Object.keys(zhCN.failures).sort());
    expect(Object.keys(statusOfFailure).sort()).toEqual(Object.keys(zhCN.failures).sort());
    expect(Object.keys(en.problems).sort()).toEqual(Object.keys(zhCN.problems).sort());
    expect(Object.keys(en.things).sort()).toEqual(Object.keys(zhCN.things).sort());
  });
});

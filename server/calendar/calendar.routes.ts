import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../app-context.ts';
import { signedInViewer } from '../accounts/authenticate.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { createRouter } from '../http/create-router.ts';
import { invalidRequest, notFound } from '../http/failure.ts';
import {
  deleteCalendarDay, listCalendarDays, listWorkingHours, loadWorkingCalendar, replaceWorkingHours, upsertCalendarDay,
} from './calendar.repo.ts';
import { standardWorkingDayHours } from './working-calendar.ts';

const dayParameter = z
  .string()
  .refine((text) => /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text), 'day must be a date YYYY-MM-DD')
  .openapi({ param: { name: 'day', in: 'path' }, type: 'string', format: 'date', example: '2026-10-01' });

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day HH:MM');

export function createCalendarRoutes({ database }: AppContext) {
  const router = createRouter();
  const { sql } = database;

  router.openapi(
    createRoute({
      method: 'get',
      path: '/calendar',
      tags: ['calendar'],
      summary: 'The working-time calendar: time zone, working hours per weekday, holidays and make-up working days',
      request: {
        query: z.object({
          year: z.string().regex(/^(19|20|21)\d{2}$/, 'year must be a four-digit year').transform(Number).optional()
            .openapi({ param: { name: 'year', in: 'query' }, type: 'integer' }),
        }),
      },
      responses: { 200: { content: { 'application/json': { schema: z.any() } }, description: 'The calendar' } },
    }),
    async (c) => {
      const { year } = c.req.valid('query');
      const calendar = await loadWorkingCalendar(sql);
      return c.json(
        {
          timeZone: calendar.timeZone,
          standardWorkingDayHours: calendar.periods.length > 0 ? standardWorkingDayHours(calendar) : 0,
          workingHours: await listWorkingHours(sql),
          days: await listCalendarDays(sql, year),
        },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/calendar/days/{day}',
      tags: ['calendar'],
      summary: 'Set a public holiday or a make-up working day (调休); admin only',
      request: {
        params: z.object({ day: dayParameter }),
        body: {
          content: {
            'application/json': {
              schema: z.object({
                kind: z.enum(['holiday', 'working_day']),
                nameZh: z.string().trim().min(1).max(100),
                nameEn: z.string().trim().max(100).nullable().optional(),
                hoursOfWeekday: z.number().int().min(1).max(7).optional(),
              }),
            },
          },
          required: true,
        },
      },
      responses: { 200: { content: { 'application/json': { schema: z.any() } }, description: 'The saved day' } },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const { day } = c.req.valid('param');
      const body = c.req.valid('json');
      const saved = await sql.begin(async (transaction) => {
        const row = await upsertCalendarDay(transaction, {
          day, kind: body.kind, nameZh: body.nameZh, nameEn: body.nameEn ?? null, hoursOfWeekday: body.hoursOfWeekday ?? 1,
        });
        await recordAudit(transaction, {
          viewer, action: 'calendar.day.set', objectType: 'calendar_day', objectId: day, result: 'ok', clientAddress: c.get('clientAddress'), details: { ...body },
        });
        return row;
      });
      return c.json(saved, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/calendar/days/{day}',
      tags: ['calendar'],
      summary: 'Remove a holiday or make-up working day: the day follows the weekly pattern again; admin only',
      request: { params: z.object({ day: dayParameter }) },
      responses: { 200: { content: { 'application/json': { schema: z.any() } }, description: 'Removed' } },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const { day } = c.req.valid('param');
      await sql.begin(async (transaction) => {
        if (!(await deleteCalendarDay(transaction, day))) throw notFound('calendar_day', day);
        await recordAudit(transaction, {
          viewer, action: 'calendar.day.delete', objectType: 'calendar_day', objectId: day, result: 'ok', clientAddress: c.get('clientAddress'),
        });
      });
      return c.json({ deleted: day }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/calendar/working-hours',
      tags: ['calendar'],
      summary: 'Replace the weekly working hours (periods per ISO weekday, local time); admin only',
      request: {
        body: {
          content: {
            'application/json': {
              schema: z.object({
                periods: z.array(z.object({ weekday: z.number().int().min(1).max(7), startsAt: clockTime, endsAt: clockTime })).min(1).max(70),
              }),
            },
          },
          required: true,
        },
      },
      responses: { 200: { content: { 'application/json': { schema: z.any() } }, description: 'The new working hours' } },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const { periods } = c.req.valid('json');
      const problems = periods.flatMap((period, index) =>
        period.endsAt <= period.startsAt ? [{ field: `periods.${index}.endsAt`, message: 'endsAt must be later than startsAt' }] : [],
      );
      const sorted = [...periods].sort((a, b) => a.weekday - b.weekday || a.startsAt.localeCompare(b.startsAt));
      sorted.forEach((period, index) => {
        const previous = sorted[index - 1];
        if (previous && previous.weekday === period.weekday && previous.endsAt > period.startsAt) {
          problems.push({ field: 'periods', message: `periods of weekday ${period.weekday} overlap` });
        }
      });
      if (problems.length > 0) throw invalidRequest(problems);
      await sql.begin(async (transaction) => {
        await replaceWorkingHours(transaction, sorted);
        await recordAudit(transaction, {
          viewer, action: 'calendar.working_hours.replace', objectType: 'working_hours', result: 'ok', clientAddress: c.get('clientAddress'), details: { periods: sorted },
        });
      });
      return c.json({ workingHours: await listWorkingHours(sql) }, 200);
    },
  );

  return router;
}

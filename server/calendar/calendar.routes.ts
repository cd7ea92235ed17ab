import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../app-context.ts';
import { signedInViewer } from '../accounts/authenticate.ts';
import { calendarDayRemovedSchema, calendarDaySchema, workingCalendarSchema, workingHoursSchema } from '../../contract/calendar.ts';
import { createRouter } from '../http/create-router.ts';
import { errorResponse, jsonResponse } from '../http/openapi-responses.ts';
import { removeCalendarDay, replaceWeeklyHours, setCalendarDay } from './calendar-settings.ts';
import { listCalendarDays, listWorkingHours, loadWorkingCalendar } from './calendar.repo.ts';
import { standardWorkingDayHours } from './working-calendar.ts';
import { isRealDate } from '../http/strict-values.ts';

const dayParameter = z
  .string()
  .refine(isRealDate, { params: { problem: 'not_a_date' } })
  .openapi({ param: { name: 'day', in: 'path' }, type: 'string', format: 'date', example: '2026-10-01' });

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).openapi({ description: 'a time of day HH:MM', example: '08:30' });

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
          year: z.string().regex(/^(19|20|21)\d{2}$/).transform(Number).optional()
            .openapi({ param: { name: 'year', in: 'query' }, type: 'integer' }),
        }),
      },
      responses: { 200: jsonResponse(workingCalendarSchema, 'The calendar') },
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
      responses: { 200: jsonResponse(calendarDaySchema, 'The saved day'), 400: errorResponse('A malformed day or body') },
    }),
    async (c) => {
      const { day } = c.req.valid('param');
      return c.json(await setCalendarDay(sql, signedInViewer(c.get('viewer')), { day, ...c.req.valid('json') }, c.get('clientAddress')), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/calendar/days/{day}',
      tags: ['calendar'],
      summary: 'Remove a holiday or make-up working day: the day follows the weekly pattern again; admin only',
      request: { params: z.object({ day: dayParameter }) },
      responses: { 200: jsonResponse(calendarDayRemovedSchema, 'Removed'), 404: errorResponse('No such calendar day') },
    }),
    async (c) => {
      const { day } = c.req.valid('param');
      await removeCalendarDay(sql, signedInViewer(c.get('viewer')), day, c.get('clientAddress'));
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
      responses: { 200: jsonResponse(workingHoursSchema, 'The new working hours'), 400: errorResponse('ends_before_start or periods_overlap') },
    }),
    async (c) => {
      const workingHours = await replaceWeeklyHours(sql, signedInViewer(c.get('viewer')), c.req.valid('json').periods, c.get('clientAddress'));
      return c.json({ workingHours }, 200);
    },
  );

  return router;
}

import { z } from '@hono/zod-openapi';
import { daySchema } from './common.ts';

/** The working-time calendar deadlines are counted in: weekly hours, holidays, make-up days (调休). */

export const workingPeriodSchema = z
  .object({
    weekday: z.number().int().min(1).max(7).openapi({ description: 'ISO weekday: 1 Monday … 7 Sunday' }),
    startsAt: z.string().openapi({ example: '08:30' }),
    endsAt: z.string().openapi({ example: '12:00' }),
  })
  .openapi('WorkingPeriod');

export const calendarDaySchema = z
  .object({
    day: daySchema,
    kind: z.enum(['holiday', 'working_day']),
    nameZh: z.string(),
    nameEn: z.string().nullable(),
    hoursOfWeekday: z.number().int(),
    provisional: z.boolean(),
  })
  .openapi('CalendarDay');

export const workingCalendarSchema = z
  .object({
    timeZone: z.string(),
    standardWorkingDayHours: z.number(),
    workingHours: z.array(workingPeriodSchema),
    days: z.array(calendarDaySchema),
  })
  .openapi('WorkingCalendar');

export const calendarDayRemovedSchema = z.object({ deleted: daySchema }).openapi('CalendarDayRemoved');
export const workingHoursSchema = z.object({ workingHours: z.array(workingPeriodSchema) }).openapi('WorkingHours');

export type WorkingPeriod = z.infer<typeof workingPeriodSchema>;
export type CalendarDay = z.infer<typeof calendarDaySchema>;
export type WorkingCalendarView = z.infer<typeof workingCalendarSchema>;

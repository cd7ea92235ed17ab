import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkingCalendar } from '../../server/calendar/calendar.repo.ts';
import { addWorkingTime, isWorkingTime, type WorkingCalendar } from '../../server/calendar/working-calendar.ts';
import type { Database } from '../../server/db/connect.ts';
import { openTestDatabase } from '../support/test-database.ts';

const at = (local: string) => new Date(`${local}+08:00`);
const iso = (instant: Date) => instant.toISOString();

describe('working-time calendar (the seeded rows: Mon–Fri 08:30–12:00, 14:00–17:30 CST, 2026 holidays)', () => {
  let database: Database;
  let calendar: WorkingCalendar;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    calendar = await loadWorkingCalendar(database.sql);
  });
  afterAll(async () => {
    await database.close();
  });

  it('is loaded from the database in the zone time zone', () => {
    expect(calendar.timeZone).toBe('Asia/Shanghai');
    expect(calendar.periods.filter((period) => period.weekday === 1)).toHaveLength(2);
    expect(calendar.exceptions.find((day) => day.day === '2026-10-01')?.kind).toBe('holiday');
    expect(calendar.exceptions.find((day) => day.day === '2026-05-09')?.kind).toBe('working_day');
  });

  it('counts working hours across a weekend', () => {
    // Friday 16:00 + 4 h: 1.5 h on Friday, 2.5 h from Monday 08:30
    expect(iso(addWorkingTime(calendar, at('2026-03-13T16:00:00'), 4, 'working_hours'))).toBe(iso(at('2026-03-16T11:00:00')));
    // one working day from Friday 16:00 ends Monday 16:00
    expect(iso(addWorkingTime(calendar, at('2026-03-13T16:00:00'), 1, 'working_days'))).toBe(iso(at('2026-03-16T16:00:00')));
  });

  it('starts the clock at the next working period when reported outside hours', () => {
    expect(iso(addWorkingTime(calendar, at('2026-03-14T10:00:00'), 1, 'working_hours'))).toBe(iso(at('2026-03-16T09:30:00'))); // Saturday
    expect(iso(addWorkingTime(calendar, at('2026-03-17T12:30:00'), 1, 'working_hours'))).toBe(iso(at('2026-03-17T15:00:00'))); // lunch
    expect(iso(addWorkingTime(calendar, at('2026-03-17T20:00:00'), 2, 'working_days'))).toBe(iso(at('2026-03-19T17:30:00'))); // evening
    expect(iso(addWorkingTime(calendar, at('2026-03-17T08:30:00'), 3.5, 'working_hours'))).toBe(iso(at('2026-03-17T12:00:00'))); // ends at a period end
  });

  it('skips public holidays and works make-up Saturdays (调休)', () => {
    // Thursday 30 April 17:00: half an hour, then the Labour Day holiday 1–5 May, on Wednesday 6 May
    expect(iso(addWorkingTime(calendar, at('2026-04-30T17:00:00'), 1, 'working_hours'))).toBe(iso(at('2026-05-06T09:00:00')));
    // Friday 8 May 17:00: Saturday 9 May is a make-up working day
    expect(iso(addWorkingTime(calendar, at('2026-05-08T17:00:00'), 1, 'working_hours'))).toBe(iso(at('2026-05-09T09:00:00')));
    expect(isWorkingTime(calendar, at('2026-05-09T10:00:00'))).toBe(true);
    expect(isWorkingTime(calendar, at('2026-05-04T10:00:00'))).toBe(false); // a Monday inside the holiday
    // National Day: Wednesday 30 September 17:00 + 1 working day → Thursday 8 October 17:00 (Oct 1–7 off)
    expect(iso(addWorkingTime(calendar, at('2026-09-30T17:00:00'), 1, 'working_days'))).toBe(iso(at('2026-10-08T17:00:00')));
  });

  it('follows an edited calendar: a new holiday moves the deadline', () => {
    const edited: WorkingCalendar = {
      ...calendar,
      exceptions: [...calendar.exceptions, { day: '2026-03-16', kind: 'holiday', hoursOfWeekday: 1 }],
    };
    expect(iso(addWorkingTime(edited, at('2026-03-13T16:00:00'), 4, 'working_hours'))).toBe(iso(at('2026-03-17T11:00:00')));
  });

  it('refuses a calendar without working time instead of looping', () => {
    expect(() => addWorkingTime({ ...calendar, periods: [] }, at('2026-03-13T16:00:00'), 1, 'working_hours')).toThrow();
  });
});

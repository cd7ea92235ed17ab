import type { DutyCheckIn, DutyPersonKind, DutyPost, DutyPostList, DutyShift } from '../../contract/duties.ts';
import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Sql } from '../db/connect.ts';
import { Failure, invalidRequest, notFound, problem } from '../http/failure.ts';
import { isoWeekdayOf, localDate, wallClock, zoneTimeZone } from '../time/zone.ts';
import { lockDutyPerson } from './back-streets.repo.ts';
import { distanceToPost, dutyPersonOfWorker, insertCheckIn, insertShift, listPosts, shiftsOn, type ShiftRow } from './duty-posts.repo.ts';

/**
 * Key-point duty posts (第7篇 §9, 定人定时守点执勤): the command centre reads each post's roster for a
 * date with who checked in and which shifts were missed; a planner or dispatcher schedules shifts
 * inside the post's hours; the person on duty checks in on the phone within the post's radius.
 */

const minutesOf = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
/** A check-in up to this many minutes after the slot began is on time. */
const graceMinutes = 10;

function shiftStatus(shift: ShiftRow, date: string, today: string, nowMinutes: number): DutyShift['status'] {
  if (shift.checkInId !== null) return 'checked_in';
  if (date < today) return 'missed';
  if (date > today) return 'upcoming';
  if (minutesOf(shift.endsAt) <= nowMinutes) return 'missed';
  return minutesOf(shift.startsAt) <= nowMinutes ? 'on_duty' : 'upcoming';
}

function lateOf(shift: Pick<ShiftRow, 'startsAt'>, checkedInAt: Date | null, timeZone: string): boolean {
  if (!checkedInAt) return false;
  const clock = wallClock(checkedInAt, timeZone);
  return clock.hour * 60 + clock.minute > minutesOf(shift.startsAt) + graceMinutes;
}

/** Posts with the roster of `date` (default today in the zone) and each shift's check-in. */
export async function dutyPostsOn(sql: Sql, input: { date?: string | undefined; communityId?: number | undefined; now: Date; viewerWorkerId?: number | null }): Promise<DutyPostList> {
  const timeZone = await zoneTimeZone(sql);
  const today = localDate(input.now, timeZone);
  const date = input.date ?? today;
  const weekday = isoWeekdayOf(date);
  const clock = wallClock(input.now, timeZone);
  const nowMinutes = clock.hour * 60 + clock.minute;
  const posts = await listPosts(sql, { communityId: input.communityId });
  const shifts = await shiftsOn(sql, { postIds: posts.map((post) => post.id), weekday, date });
  const views: DutyPost[] = posts.map((post) => {
    const roster: DutyShift[] = shifts.filter((shift) => shift.postId === post.id).map((shift) => ({
      shiftId: shift.shiftId,
      person: { id: shift.personId, name: shift.personName, kind: shift.personKind as DutyPersonKind, organisation: shift.personOrganisation, active: shift.personActive },
      weekday: shift.weekday,
      startsAt: shift.startsAt,
      endsAt: shift.endsAt,
      status: shiftStatus(shift, date, today, nowMinutes),
      checkedInAt: shift.checkedInAt?.toISOString() ?? null,
      distanceMetres: shift.distanceMetres === null ? null : Math.round(shift.distanceMetres),
      late: lateOf(shift, shift.checkedInAt, timeZone),
      mine: input.viewerWorkerId !== undefined && input.viewerWorkerId !== null && shift.personWorkerId === input.viewerWorkerId,
    }));
    return { ...post, roster, missedCount: roster.filter((shift) => shift.status === 'missed').length };
  });
  return { date, weekday, posts: views, missedCount: views.reduce((sum, post) => sum + post.missedCount, 0) };
}

/** Put a person on a post's weekly roster: the slot must lie within the post's hours, the person must still serve. */
export async function scheduleShift(
  sql: Sql,
  viewer: UserViewer,
  postId: number,
  input: { personId: number; weekday: number; startsAt: string; endsAt: string },
  clientAddress: string,
): Promise<DutyPost> {
  if (minutesOf(input.endsAt) <= minutesOf(input.startsAt)) throw invalidRequest([problem('endsAt', 'not_after_start', {})]);
  await sql.begin(async (transaction) => {
    const [post] = await listPosts(transaction, { id: postId });
    if (!post) throw notFound('duty_post', postId);
    const outside = [
      ...(minutesOf(input.startsAt) < minutesOf(post.opensAt) || minutesOf(input.startsAt) >= minutesOf(post.closesAt) ? ['startsAt'] : []),
      ...(minutesOf(input.endsAt) > minutesOf(post.closesAt) || minutesOf(input.endsAt) <= minutesOf(post.opensAt) ? ['endsAt'] : []),
    ];
    if (outside.length > 0) {
      const hours = { opensAt: post.opensAt, closesAt: post.closesAt };
      throw new Failure('shift_outside_post_hours', hours, { fields: outside.map((field) => problem(field, 'outside_post_hours', hours)) });
    }
    const person = await lockDutyPerson(transaction, input.personId);
    if (!person) throw invalidRequest([problem('personId', 'unknown_person', { id: input.personId })]);
    if (!person.active) throw new Failure('person_has_left', { name: person.name }, { fields: [problem('personId', 'person_has_left', {})] });
    const shiftId = await insertShift(transaction, { postId, ...input });
    await recordAudit(transaction, {
      viewer, action: 'duty_shift.create', objectType: 'duty_post', objectId: postId, result: 'ok', clientAddress, details: { shiftId, ...input },
    });
  });
  const list = await dutyPostsOn(sql, { now: new Date(), viewerWorkerId: viewer.workerId });
  return list.posts.find((post) => post.id === postId)!;
}

/**
 * The person on duty checks in at a post from the phone. Their shift of today at this post is the
 * one under way, else the next, else the last; the point must lie within the post's radius
 * (measured in PostGIS), else 422 naming `location` and nothing is written.
 */
export async function checkIn(
  sql: Sql,
  viewer: UserViewer,
  postId: number,
  input: { longitude: number; latitude: number },
  context: { now: Date; clientAddress: string },
): Promise<DutyCheckIn> {
  const timeZone = await zoneTimeZone(sql);
  const today = localDate(context.now, timeZone);
  const clock = wallClock(context.now, timeZone);
  const nowMinutes = clock.hour * 60 + clock.minute;
  const person = viewer.workerId === null ? undefined : await dutyPersonOfWorker(sql, viewer.workerId);
  if (!person) throw new Failure('not_a_duty_person', {});
  if (!person.active) throw new Failure('person_has_left', { name: person.name }, { fields: [problem('location', 'person_has_left', {})] });
  const [post] = await listPosts(sql, { id: postId });
  if (!post) throw notFound('duty_post', postId);
  const shifts = await shiftsOn(sql, { postIds: [postId], weekday: isoWeekdayOf(today), date: today, personId: person.id });
  const shift =
    shifts.find((candidate) => minutesOf(candidate.startsAt) <= nowMinutes && nowMinutes < minutesOf(candidate.endsAt)) ??
    shifts.find((candidate) => minutesOf(candidate.startsAt) > nowMinutes) ??
    shifts.at(-1);
  if (!shift) throw new Failure('no_shift_now', {});
  const distanceMetres = await distanceToPost(sql, postId, input.longitude, input.latitude);
  if (distanceMetres > post.radiusMetres) {
    const params = { distanceMetres: Math.round(distanceMetres), radiusMetres: post.radiusMetres };
    throw new Failure('check_in_too_far', params, { fields: [problem('location', 'too_far_from_post', params)] });
  }
  const id = await sql.begin(async (transaction) => {
    const created = await insertCheckIn(transaction, {
      shiftId: shift.shiftId, personId: person.id, dutyDate: today, checkedInAt: context.now, longitude: input.longitude, latitude: input.latitude, distanceMetres,
    });
    if (!created) return shift.checkInId!;
    await recordAudit(transaction, {
      viewer, action: 'duty_check_in.create', objectType: 'duty_post', objectId: postId, result: 'ok', clientAddress: context.clientAddress,
      details: { shiftId: shift.shiftId, distanceMetres: Math.round(distanceMetres) },
    });
    return created.id;
  });
  const [stored] = await shiftsOn(sql, { postIds: [postId], weekday: isoWeekdayOf(today), date: today, personId: person.id }).then((rows) => rows.filter((row) => row.checkInId === id));
  return {
    id,
    postId,
    shiftId: shift.shiftId,
    dutyDate: today,
    checkedInAt: stored!.checkedInAt!.toISOString(),
    distanceMetres: Math.round(stored!.distanceMetres!),
    late: lateOf(shift, stored!.checkedInAt, timeZone),
  };
}

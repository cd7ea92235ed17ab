import type { EmergencyTeam } from '../../contract/emergency.ts';
import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Sql } from '../db/connect.ts';
import { invalidRequest, notFound, problem } from '../http/failure.ts';
import { communityExists } from './emergency-plans.repo.ts';
import {
  insertMember, insertShift, insertTeam, listMembers, listOnDuty, listTeams, memberOfTeam, teamExists, type OnDutyRow, type TeamRow,
} from './emergency-teams.repo.ts';

/**
 * Teams and duty (第6篇: 领导小组, 综合应急队伍 with resident volunteers, 应急值班室 at each
 * residential gate, 视频监控室): the teams with their members, the duty roster, and who is on duty
 * now — the answer an emergency shows one click away.
 */

export function onDutyView(row: OnDutyRow) {
  return { ...row, until: row.until.toISOString(), distanceMetres: row.distanceMetres === null ? null : Number(row.distanceMetres) };
}

export async function listEmergencyTeams(sql: Sql, now: Date): Promise<EmergencyTeam[]> {
  const [teams, members, onDuty] = [await listTeams(sql), await listMembers(sql), await listOnDuty(sql, now)];
  return teams.map((team) => ({
    id: team.id, name: team.name, kind: team.kind, communityId: team.communityId,
    point: team.longitude === null || team.latitude === null ? null : [team.longitude, team.latitude],
    phone: team.phone,
    members: members.filter((member) => member.teamId === team.id).map(({ teamId: _teamId, ...member }) => member),
    onDutyNow: onDuty.filter((row) => row.teamId === team.id).map(onDutyView),
  }));
}

export async function onDutyNear(sql: Sql, at: Date, near?: { longitude: number; latitude: number; communityId: number | null }) {
  return (await listOnDuty(sql, at, near)).map(onDutyView);
}

export async function createEmergencyTeam(
  sql: Sql,
  viewer: UserViewer,
  team: { name: string; kind: TeamRow['kind']; communityId: number | null; point: [number, number] | null; phone: string | null },
  context: { now: Date; clientAddress: string },
): Promise<EmergencyTeam> {
  if (team.communityId !== null && !(await communityExists(sql, team.communityId))) {
    throw invalidRequest([problem('communityId', 'unknown_communities', { ids: String(team.communityId) })]);
  }
  const id = await sql.begin(async (transaction) => {
    const created = await insertTeam(transaction, team);
    await recordAudit(transaction, { viewer, action: 'emergency_team.create', objectType: 'emergency_team', objectId: created, result: 'ok', clientAddress: context.clientAddress });
    return created;
  });
  return (await listEmergencyTeams(sql, context.now)).find((row) => row.id === id)!;
}

export async function addTeamMember(
  sql: Sql,
  viewer: UserViewer,
  member: { teamId: number; name: string; duty: string; phone: string | null; isResident: boolean },
  context: { clientAddress: string },
) {
  if (!(await teamExists(sql, member.teamId))) throw notFound('emergency_team', member.teamId);
  return sql.begin(async (transaction) => {
    const row = await insertMember(transaction, member);
    await recordAudit(transaction, {
      viewer, action: 'emergency_team.add_member', objectType: 'emergency_team', objectId: member.teamId, result: 'ok', clientAddress: context.clientAddress,
      details: { memberId: row.id, isResident: member.isResident },
    });
    const { teamId: _teamId, ...answer } = row;
    return answer;
  });
}

/** Put a member on the duty roster for a period. */
export async function addDutyShift(
  sql: Sql,
  viewer: UserViewer,
  shift: { teamId: number; memberId: number; startsAt: Date; endsAt: Date },
  context: { clientAddress: string },
) {
  if (!(await teamExists(sql, shift.teamId))) throw notFound('emergency_team', shift.teamId);
  if (shift.endsAt.getTime() <= shift.startsAt.getTime()) throw invalidRequest([problem('endsAt', 'ends_before_start', {})]);
  if (!(await memberOfTeam(sql, shift.teamId, shift.memberId))) throw invalidRequest([problem('memberId', 'not_a_team_member', { id: shift.memberId })]);
  return sql.begin(async (transaction) => {
    const row = await insertShift(transaction, shift);
    await recordAudit(transaction, {
      viewer, action: 'emergency_team.duty_shift', objectType: 'emergency_team', objectId: shift.teamId, result: 'ok', clientAddress: context.clientAddress,
      details: { shiftId: row.id, memberId: shift.memberId, startsAt: shift.startsAt.toISOString(), endsAt: shift.endsAt.toISOString() },
    });
    return { ...row, startsAt: row.startsAt.toISOString(), endsAt: row.endsAt.toISOString() };
  });
}

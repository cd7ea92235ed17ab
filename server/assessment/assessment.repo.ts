import type { AssessmentLevel, PeriodKind, SchemeDefinition, ScoreRow } from '../../contract/assessment.ts';
import type { Queryable } from '../db/connect.ts';

/** What people decide in the assessment: schemes, sign-offs, snapshots, adjustments, objections, manual scores. */

export interface SchemeRow { id: number; year: number; version: number; definition: SchemeDefinition; note: string | null; createdAt: Date }

// definitions are read as text: the connection's camelCase transform would rename keys inside the JSON
type StoredScheme = Omit<SchemeRow, 'definition'> & { definitionText: string };
const schemeOf = ({ definitionText, ...row }: StoredScheme): SchemeRow => ({ ...row, definition: JSON.parse(definitionText) as SchemeDefinition });

export async function latestScheme(sql: Queryable, year: number): Promise<SchemeRow | undefined> {
  const [row] = await sql<StoredScheme[]>`
    select id, year, version, definition::text as definition_text, note, created_at from assessment_schemes where year = ${year} order by version desc limit 1`;
  return row && schemeOf(row);
}

export async function schemeById(sql: Queryable, id: number): Promise<SchemeRow | undefined> {
  const [row] = await sql<StoredScheme[]>`select id, year, version, definition::text as definition_text, note, created_at from assessment_schemes where id = ${id}`;
  return row && schemeOf(row);
}

export async function insertScheme(
  sql: Queryable,
  input: { year: number; definition: SchemeDefinition; note: string | null; createdBy: number | null },
): Promise<SchemeRow> {
  // one writer at a time per year, so two saves do not both become version n + 1 (the unique key would refuse one)
  await sql`select pg_advisory_xact_lock(hashtext('assessment_scheme'), ${input.year})`;
  const [row] = await sql<StoredScheme[]>`
    insert into assessment_schemes (year, version, definition, note, created_by)
    values (${input.year}, (select coalesce(max(version), 0) + 1 from assessment_schemes where year = ${input.year}),
            ${sql.json(input.definition as never)}, ${input.note}, ${input.createdBy})
    returning id, year, version, definition::text as definition_text, note, created_at`;
  return schemeOf(row!);
}

export interface PeriodRow {
  code: string;
  kind: PeriodKind;
  status: 'open' | 'signed_off';
  schemeId: number | null;
  schemeVersion: number | null;
  signedOffAt: Date | null;
  signedOffBy: string | null;
}

export async function loadPeriods(sql: Queryable, codes: string[]): Promise<Map<string, PeriodRow>> {
  const rows = await sql<PeriodRow[]>`
    select p.code, p.kind, p.status, p.scheme_id, s.version as scheme_version, p.signed_off_at, u.display_name as signed_off_by
      from assessment_periods p
      left join assessment_schemes s on s.id = p.scheme_id
      left join users u on u.id = p.signed_off_by
     where p.code = any(${codes}::text[])`;
  return new Map(rows.map((row) => [row.code, row]));
}

export async function listPeriodRows(sql: Queryable, year: number): Promise<PeriodRow[]> {
  return sql<PeriodRow[]>`
    select p.code, p.kind, p.status, p.scheme_id, s.version as scheme_version, p.signed_off_at, u.display_name as signed_off_by
      from assessment_periods p
      left join assessment_schemes s on s.id = p.scheme_id
      left join users u on u.id = p.signed_off_by
     where p.code like ${`${year}%`}
     order by p.code`;
}

/** Lock a period's row (made if missing) so sign-off, reopen and adjustments in it serialise. */
export async function lockPeriod(sql: Queryable, code: string, kind: PeriodKind): Promise<void> {
  await sql`insert into assessment_periods (code, kind, status) values (${code}, ${kind}, 'open') on conflict (code) do nothing`;
  await sql`select code from assessment_periods where code = ${code} for update`;
}

export async function markSignedOff(sql: Queryable, input: { code: string; schemeId: number; userId: number; comment: string | null }): Promise<void> {
  await sql`
    update assessment_periods set status = 'signed_off', scheme_id = ${input.schemeId}, signed_off_by = ${input.userId},
           signed_off_at = now(), comment = ${input.comment}
     where code = ${input.code}`;
  await sql`insert into assessment_period_events (period_code, action, actor_user_id, reason) values (${input.code}, 'sign_off', ${input.userId}, ${input.comment})`;
}

export async function markReopened(sql: Queryable, input: { code: string; userId: number; reason: string }): Promise<void> {
  await sql`delete from assessment_snapshots where period_code = ${input.code}`;
  await sql`
    update assessment_periods set status = 'open', scheme_id = null, signed_off_by = null, signed_off_at = null, comment = null
     where code = ${input.code}`;
  await sql`insert into assessment_period_events (period_code, action, actor_user_id, reason) values (${input.code}, 'reopen', ${input.userId}, ${input.reason})`;
}

export async function insertSnapshots(sql: Queryable, code: string, level: AssessmentLevel, rows: ScoreRow[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into assessment_snapshots ${sql(
      rows.map((row) => ({ periodCode: code, level, subjectId: row.subject.id, total: row.total, rank: row.rank, row: sql.json(row as never) })),
    )}`;
}

export async function loadSnapshots(sql: Queryable, code: string, level: AssessmentLevel): Promise<ScoreRow[]> {
  // read as text: the connection's camelCase transform would rename the measures' keys inside the JSON
  const rows = await sql<{ rowText: string }[]>`
    select row::text as row_text from assessment_snapshots where period_code = ${code} and level = ${level} order by rank, subject_id`;
  return rows.map((entry) => JSON.parse(entry.rowText) as ScoreRow);
}

export interface AdjustmentRow {
  id: number;
  periodCode: string;
  level: AssessmentLevel;
  subjectId: number;
  kind: 'bonus' | 'deduction';
  points: number;
  reason: string | null;
  achievement: string | null;
  status: 'active' | 'withdrawn';
  createdAt: Date;
  createdBy: string;
  objectionId: number | null;
  objectionReason: string | null;
  objectionRaisedAt: Date | null;
  objectionRaisedBy: string | null;
  decision: 'upheld' | 'rejected' | null;
  decidedAt: Date | null;
  decisionNote: string | null;
}

const adjustmentColumns = (sql: Queryable) => sql`
  a.id::int, a.period_code, a.level, a.subject_id, a.kind, a.points::float8 as points, a.reason, a.achievement, a.status, a.created_at,
  creator.display_name as created_by, o.id::int as objection_id, o.reason as objection_reason, o.raised_at as objection_raised_at,
  raiser.display_name as objection_raised_by, o.decision, o.decided_at, o.decision_note`;
const adjustmentJoins = (sql: Queryable) => sql`
  from assessment_adjustments a
  join users creator on creator.id = a.created_by
  left join assessment_objections o on o.adjustment_id = a.id
  left join users raiser on raiser.id = o.raised_by`;

export async function listAdjustments(
  sql: Queryable,
  filter: { level?: AssessmentLevel | undefined; periodCodes?: string[] | undefined; subjectId?: number | undefined },
): Promise<AdjustmentRow[]> {
  return sql<AdjustmentRow[]>`
    select ${adjustmentColumns(sql)} ${adjustmentJoins(sql)}
     where true
       ${filter.level ? sql`and a.level = ${filter.level}` : sql``}
       ${filter.periodCodes ? sql`and a.period_code = any(${filter.periodCodes}::text[])` : sql``}
       ${filter.subjectId === undefined ? sql`` : sql`and a.subject_id = ${filter.subjectId}`}
     order by a.id`;
}

export async function adjustmentById(sql: Queryable, id: number, forUpdate = false): Promise<AdjustmentRow | undefined> {
  const [row] = await sql<AdjustmentRow[]>`
    select ${adjustmentColumns(sql)} ${adjustmentJoins(sql)} where a.id = ${id} ${forUpdate ? sql`for update of a` : sql``}`;
  return row;
}

export async function insertAdjustment(
  sql: Queryable,
  input: { periodCode: string; level: AssessmentLevel; subjectId: number; kind: 'bonus' | 'deduction'; points: number; reason: string | null; achievement: string | null; evidencePhotos: string[]; createdBy: number },
): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    insert into assessment_adjustments ${sql({ ...input, evidencePhotos: sql.array(input.evidencePhotos) } as never)}
    returning id::int`;
  return row!.id;
}

export async function insertObjection(sql: Queryable, input: { adjustmentId: number; raisedBy: number; reason: string }): Promise<void> {
  await sql`insert into assessment_objections (adjustment_id, raised_by, reason) values (${input.adjustmentId}, ${input.raisedBy}, ${input.reason})`;
}

export async function decideObjection(
  sql: Queryable,
  input: { adjustmentId: number; decision: 'upheld' | 'rejected'; decidedBy: number; note: string | null },
): Promise<void> {
  await sql`
    update assessment_objections set decision = ${input.decision}, decided_by = ${input.decidedBy}, decided_at = now(), decision_note = ${input.note}
     where adjustment_id = ${input.adjustmentId}`;
  // an upheld objection withdraws the adjustment: it no longer counts, and the row stays as history
  if (input.decision === 'upheld') await sql`update assessment_adjustments set status = 'withdrawn' where id = ${input.adjustmentId}`;
}

export interface ManualScoreRow {
  periodCode: string;
  level: AssessmentLevel;
  subjectId: number;
  indicator: string;
  points: number;
  comment: string;
  enteredAt: Date;
}

export async function listManualScores(sql: Queryable, level: AssessmentLevel, periodCodes: string[]): Promise<ManualScoreRow[]> {
  return sql<ManualScoreRow[]>`
    select period_code, level, subject_id, indicator, points::float8 as points, comment, entered_at
      from assessment_manual_scores where level = ${level} and period_code = any(${periodCodes}::text[])
     order by period_code, subject_id, indicator`;
}

export async function upsertManualScore(
  sql: Queryable,
  input: { periodCode: string; level: AssessmentLevel; subjectId: number; indicator: string; points: number; comment: string; enteredBy: number },
): Promise<ManualScoreRow> {
  const [row] = await sql<ManualScoreRow[]>`
    insert into assessment_manual_scores (period_code, level, subject_id, indicator, points, comment, entered_by)
    values (${input.periodCode}, ${input.level}, ${input.subjectId}, ${input.indicator}, ${input.points}, ${input.comment}, ${input.enteredBy})
    on conflict (period_code, level, subject_id, indicator)
      do update set points = excluded.points, comment = excluded.comment, entered_by = excluded.entered_by, entered_at = now()
    returning period_code, level, subject_id, indicator, points::float8 as points, comment, entered_at`;
  return row!;
}

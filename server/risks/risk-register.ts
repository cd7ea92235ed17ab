import type { RiskSourcePage, RiskSourceRecord } from '../../contract/risks.ts';
import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Sql } from '../db/connect.ts';
import { invalidRequest, notFound, problem } from '../http/failure.ts';
import { maskName, maskPhone } from '../personal-data/masking.ts';
import {
  checkRiskGeometry, findRiskSource, insertRiskSource, listIncidentsNear, updateRiskSource,
  type RiskSourceDetailRow, type RiskSourceFields, type RiskSourceKind,
} from './risk-sources.repo.ts';

/**
 * The risk register's use cases: read a source's page (the owner's contact in full is for the
 * command centre, and each such view is audited), register one, edit one. Each write checks the
 * geometry in PostGIS first and writes its audit row in the same transaction.
 */

/** Who sees a risk source owner's name and phone in full: the command centre. */
const contactRoles: readonly string[] = ['admin', 'dispatcher'];

export function riskSourceRecord(source: RiskSourceDetailRow): RiskSourceRecord {
  const { geometry, ...properties } = source;
  return {
    type: 'Feature',
    id: source.id,
    geometry: geometry as RiskSourceRecord['geometry'],
    properties: { ...properties, kind: properties.kind as RiskSourceKind, createdAt: source.createdAt.toISOString(), updatedAt: source.updatedAt.toISOString() },
  };
}

export async function riskSourcePage(
  sql: Sql,
  viewer: UserViewer,
  input: { id: number; radiusMetres: number; days: number; now: Date; clientAddress: string },
): Promise<RiskSourcePage> {
  const source = await findRiskSource(sql, input.id);
  if (!source) throw notFound('risk_source', input.id);
  const showContact = contactRoles.includes(viewer.role);
  if (showContact && (source.ownerName || source.ownerPhone)) {
    await recordAudit(sql, {
      viewer, action: 'risk_source.view_contact', objectType: 'risk_source', objectId: input.id, result: 'ok', clientAddress: input.clientAddress,
    });
  }
  const since = new Date(input.now.getTime() - input.days * 86_400_000);
  const scope = viewer.role === 'worker' ? { kind: 'worker' as const, workerId: viewer.workerId, gridId: viewer.currentGridId } : { kind: 'all' as const };
  const nearby = await listIncidentsNear(sql, input.id, { radiusMetres: input.radiusMetres, since, scope });
  const record = riskSourceRecord(source);
  return {
    ...record,
    properties: {
      ...record.properties,
      ownerName: showContact ? source.ownerName : maskName(source.ownerName),
      ownerPhone: showContact ? source.ownerPhone : maskPhone(source.ownerPhone),
      contactMasked: !showContact,
    },
    nearbyIncidents: {
      radiusMetres: input.radiusMetres,
      since: since.toISOString(),
      count: nearby.length,
      incidents: nearby.map((incident) => ({ ...incident, reportedAt: incident.reportedAt.toISOString() })),
    },
  };
}

function refuseFutureInspection(fields: RiskSourceFields, today: string): void {
  if (fields.lastInspectedOn && fields.lastInspectedOn > today) throw invalidRequest([problem('lastInspectedOn', 'in_future', {})]);
}

export async function registerRiskSource(
  sql: Sql,
  viewer: UserViewer,
  fields: Required<Pick<RiskSourceFields, 'name' | 'kind' | 'level' | 'geometry'>> & RiskSourceFields,
  context: { today: string; clientAddress: string },
): Promise<RiskSourceRecord> {
  refuseFutureInspection(fields, context.today);
  await checkRiskGeometry(sql, fields.geometry);
  const id = await sql.begin(async (transaction) => {
    const created = await insertRiskSource(transaction, fields, viewer.userId);
    await recordAudit(transaction, {
      viewer, action: 'risk_source.create', objectType: 'risk_source', objectId: created, result: 'ok', clientAddress: context.clientAddress,
      details: { name: fields.name, kind: fields.kind, level: fields.level },
    });
    return created;
  });
  return riskSourceRecord((await findRiskSource(sql, id))!);
}

export async function editRiskSource(
  sql: Sql,
  viewer: UserViewer,
  id: number,
  fields: RiskSourceFields,
  context: { today: string; clientAddress: string },
): Promise<RiskSourceRecord> {
  refuseFutureInspection(fields, context.today);
  if (fields.geometry) await checkRiskGeometry(sql, fields.geometry);
  const updated = await sql.begin(async (transaction) => {
    if (!(await updateRiskSource(transaction, id, fields, viewer.userId))) return false;
    await recordAudit(transaction, {
      viewer, action: 'risk_source.update', objectType: 'risk_source', objectId: id, result: 'ok', clientAddress: context.clientAddress,
      details: { fields: Object.keys(fields) },
    });
    return true;
  });
  if (!updated) throw notFound('risk_source', id);
  return riskSourceRecord((await findRiskSource(sql, id))!);
}

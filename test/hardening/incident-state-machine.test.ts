import { describe, expect, it } from 'vitest';
import { roles, type Role, type UserViewer } from '../../server/accounts/roles.ts';
import { incidentSources } from '../../server/incidents/incident-ingestion.ts';
import type { IncidentRecord } from '../../server/incidents/incident-loop.repo.ts';
import { incidentActions, nextStatus, type IncidentAction } from '../../server/incidents/incident-state-machine.ts';
import { incidentStatuses, type IncidentStatus } from '../../server/incidents/incident-statuses.ts';
import { refusalOf } from '../../server/incidents/incident-transitions.ts';
import { databaseMode, openTestDatabase } from '../support/test-database.ts';

/**
 * The closed loop written out by hand, every status × every action: the state machine in
 * server/incidents must match it exactly, so a wrong transition added there (handled → closed,
 * skipping the check) fails here. `–` is refused (409 invalid_transition).
 */
const expected: Record<IncidentStatus, Partial<Record<IncidentAction, IncidentStatus>>> = {
  reported: { register: 'registered', reject: 'rejected', merge: 'rejected' },
  registered: { dispatch: 'dispatched', merge: 'rejected', backlog: 'backlog' },
  rejected: {},
  dispatched: { accept: 'dispatched', start: 'handling', dispatch: 'dispatched', merge: 'rejected', backlog: 'backlog' },
  handling: { handle: 'handled', dispatch: 'dispatched', backlog: 'backlog' },
  handled: { pass_check: 'checked', fail_check: 'rework' },
  checked: { close: 'closed' },
  closed: {},
  rework: { start: 'handling', dispatch: 'dispatched', backlog: 'backlog' },
  backlog: { dispatch: 'dispatched' },
};

/** Who may take each action, by role, on a case held by grid worker 7 and handled by user 50. */
const commandCentre = ['admin', 'dispatcher'];
const expectedActors: Record<IncidentAction, { roles: readonly string[]; assigneeOnly?: true; notHandler?: true }> = {
  register: { roles: commandCentre },
  reject: { roles: commandCentre },
  merge: { roles: commandCentre },
  dispatch: { roles: commandCentre },
  accept: { roles: ['worker'], assigneeOnly: true },
  start: { roles: ['worker'], assigneeOnly: true },
  handle: { roles: ['worker'], assigneeOnly: true },
  pass_check: { roles: commandCentre, notHandler: true },
  fail_check: { roles: commandCentre, notHandler: true },
  close: { roles: commandCentre },
  backlog: { roles: commandCentre },
};

const incident = (status: IncidentStatus): IncidentRecord =>
  ({ id: 1, status, assignedWorkerId: 7, assignedUserId: null, assignedDepartment: null, handledByUserId: 50, acceptedAt: null }) as unknown as IncidentRecord;
const viewer = (role: Role, options: { userId?: number; workerId?: number | null } = {}): UserViewer => ({
  kind: 'user', userId: options.userId ?? 10, username: role, displayName: role, role,
  workerId: options.workerId === undefined ? (role === 'worker' ? 7 : null) : options.workerId, currentGridId: null,
  sessionTokenHash: '', csrfToken: '', mustChangePassword: false,
});

describe('the incident state machine, table-driven', () => {
  it('leads from every status by every action exactly where the closed loop says', () => {
    const table: string[] = [];
    const actual: string[] = [];
    for (const status of incidentStatuses) {
      for (const action of incidentActions) {
        table.push(`${status} --${action}--> ${expected[status][action] ?? '–'}`);
        actual.push(`${status} --${action}--> ${nextStatus(status, action) ?? '–'}`);
      }
    }
    expect(actual).toEqual(table);
    expect(table).toHaveLength(incidentStatuses.length * incidentActions.length);
  });

  it('lets exactly the right role take every action in every status', () => {
    const mismatches: string[] = [];
    for (const status of incidentStatuses) {
      for (const action of incidentActions) {
        for (const role of roles) {
          const rule = expectedActors[action];
          const cases: [string, UserViewer, boolean][] = [
            [`${role}`, viewer(role), rule.roles.includes(role) && (!rule.assigneeOnly || role === 'worker')],
            [`${role} holding nothing`, viewer(role, { workerId: role === 'worker' ? 8 : null }), rule.roles.includes(role) && !rule.assigneeOnly],
            [`${role} who handled it`, viewer(role, { userId: 50 }), rule.roles.includes(role) && (!rule.assigneeOnly || role === 'worker') && !rule.notHandler],
          ];
          for (const [who, actor, allowed] of cases) {
            const refused = refusalOf(actor, incident(status), action) !== undefined;
            if (refused === allowed) mismatches.push(`${status} ${action} by ${who}: ${refused ? 'refused' : 'allowed'}`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('would catch a wrong transition (handled → closed skipping the check)', () => {
    const wrong = { ...expected.handled, close: 'closed' as const };
    expect(Object.keys(wrong)).not.toEqual(Object.keys(expected.handled));
    expect(nextStatus('handled', 'close')).toBeUndefined();
  });

  it(`keeps the SQL CHECK lists equal to the TypeScript enums (${databaseMode})`, async () => {
    const database = await openTestDatabase('migrated');
    try {
      const checkValues = async (table: string, column: string): Promise<string[]> => {
        const rows = await database.sql<{ definition: string }[]>`
          select pg_get_constraintdef(c.oid) as definition from pg_constraint c
           where c.conrelid = ${table}::regclass and c.contype = 'c'`;
        const definition = rows.map((row) => row.definition).find((text) => new RegExp(`\\(\\(?${column}\\b`).test(text) && /ARRAY\[|IN \(/i.test(text));
        expect(definition, `${table}.${column}`).toBeDefined();
        return [...definition!.matchAll(/'([^']+)'/g)].map((match) => match[1]!).sort();
      };
      expect(await checkValues('incidents', 'status')).toEqual([...incidentStatuses].sort());
      expect(await checkValues('incidents', 'source')).toEqual([...incidentSources].sort());
    } finally {
      await database.close();
    }
  }, 120_000);
});

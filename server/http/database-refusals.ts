import { Failure, invalidRequest, problem } from './failure.ts';

/**
 * What the database refused, in the product's words. Validation should catch bad input first; this
 * is the net under it, so that PostgreSQL's own sentence (table and constraint names, the row's
 * values) never reaches a caller: it stays in the log, the caller gets a code naming the field.
 * Used by app.onError for every route.
 */

/** Unique constraints a user can run into, with the failure they mean. */
const uniqueConstraints: Record<string, (value: string) => Failure> = {
  users_username_key: (value) => new Failure('username_taken', { username: value }, { fields: [problem('username', 'already_used', {})] }),
};

/** Referenced tables whose absence has its own code; any other is `unknown_reference`. */
const referenceFailures: Record<string, 'unknown_community'> = {
  communities: 'unknown_community',
};

/** PostgreSQL's data exceptions (class 22): a value the column cannot hold. */
const dataExceptionCodes = new Set(['22001', '22003', '22007', '22008', '22P02', '22021', '22P05', '22004', '2200N', '22023']);

interface DatabaseError {
  code?: string;
  constraint_name?: string;
  column_name?: string;
  table_name?: string;
  detail?: string;
}

/** `community_id` → `communityId`: the field name a JSON body uses for a column. */
function fieldOfColumn(column: string): string {
  return column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** The product's failure for a database error, or undefined when it is not one the product explains (a bug: 500). */
export function failureOfDatabaseError(error: unknown): Failure | undefined {
  const databaseError = error as DatabaseError;
  const code = databaseError?.code;
  if (typeof code !== 'string') return undefined;
  if (dataExceptionCodes.has(code)) {
    const field = databaseError.column_name ? fieldOfColumn(databaseError.column_name) : 'body';
    return invalidRequest([problem(field, 'value_not_storable', {})]);
  }
  const constraint = databaseError.constraint_name ?? null;
  if (code === '23505' && constraint && uniqueConstraints[constraint]) {
    const value = /=\((.*)\)/.exec(databaseError.detail ?? '')?.[1] ?? '';
    return uniqueConstraints[constraint](value);
  }
  if (code === '23503') {
    // "Key (community_id)=(99) is not present in table "communities"." — only the column and table are used
    const column = /Key \(([a-z_]+)\)/.exec(databaseError.detail ?? '')?.[1] ?? databaseError.column_name;
    const table = /table "([a-z_]+)"/.exec(databaseError.detail ?? '')?.[1];
    const field = column ? fieldOfColumn(column) : 'body';
    // a delete refused because rows still refer to the object is a conflict, not bad input
    if (/still referenced/.test(databaseError.detail ?? '')) return new Failure('conflict', {}, { constraint });
    const details = { fields: [problem(field, 'referenced_object_missing', {})] };
    if (table && referenceFailures[table]) return new Failure(referenceFailures[table], {}, details);
    return new Failure('unknown_reference', {}, details);
  }
  if (code === '23502') return invalidRequest([problem(databaseError.column_name ? fieldOfColumn(databaseError.column_name) : 'body', 'required', {})]);
  if (code === '23505' || code === '23P01' || code === '23514') return new Failure('conflict', {}, { constraint });
  return undefined;
}

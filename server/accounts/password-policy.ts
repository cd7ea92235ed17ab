import { problem, type FieldProblem } from '../http/failure.ts';

/**
 * Password policy (等保 2.0 level 2: complexity and length). Returns the reasons a password is
 * refused as field problems of `field` (coded: password_too_short, password_too_long,
 * password_too_simple, password_contains_username), empty when it is acceptable.
 */
export function passwordProblems(password: string, minimumLength: number, username?: string, field = 'password'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (password.length < minimumLength) problems.push(problem(field, 'password_too_short', { minimum: minimumLength }));
  if (password.length > 128) problems.push(problem(field, 'password_too_long', { maximum: 128 }));
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(password)).length;
  if (classes < 3) problems.push(problem(field, 'password_too_simple', {}));
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push(problem(field, 'password_contains_username', {}));
  return problems;
}

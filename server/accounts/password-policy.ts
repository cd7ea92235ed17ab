/**
 * Password policy (等保 2.0 level 2: complexity and length). Returns the reasons a password is
 * refused, empty when it is acceptable.
 */
export function passwordProblems(password: string, minimumLength: number, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < minimumLength) problems.push(`at least ${minimumLength} characters`);
  if (password.length > 128) problems.push('at most 128 characters');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(password)).length;
  if (classes < 3) problems.push('at least three of: lower-case, upper-case, digit, symbol');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('must not contain the user name');
  return problems;
}

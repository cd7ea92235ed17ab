/**
 * The small arithmetic language of a scheme's indicator formulas. A scheme is data an administrator
 * edits, so formulas are parsed (never evaluated as JavaScript): numbers, measure names, + - * /,
 * comparisons (> < >= <= yielding 1 or 0), parentheses, and min(a, b…), max(a, b…),
 * ratio(a, b, ifEmpty) = b = 0 ? ifEmpty : a / b.
 */

export type Formula =
  | { type: 'number'; value: number }
  | { type: 'name'; name: string }
  | { type: 'negate'; operand: Formula }
  | { type: 'binary'; operator: '+' | '-' | '*' | '/' | '>' | '<' | '>=' | '<='; left: Formula; right: Formula }
  | { type: 'call'; name: 'min' | 'max' | 'ratio'; args: Formula[] };

export class FormulaError extends Error {
  constructor(readonly problem: 'formula_syntax' | 'formula_unknown_name', readonly detail: string) {
    super(`${problem}: ${detail}`);
  }
}

type Token = { kind: 'number'; value: number } | { kind: 'name'; value: string } | { kind: 'symbol'; value: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(>=|<=|[-+*/(),<>]))/y;
  let index = 0;
  while (index < text.length) {
    if (/^\s*$/.test(text.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(text);
    if (!match) throw new FormulaError('formula_syntax', text.slice(index).trim().slice(0, 20));
    if (match[1] !== undefined) tokens.push({ kind: 'number', value: Number(match[1]) });
    else if (match[2] !== undefined) tokens.push({ kind: 'name', value: match[2] });
    else tokens.push({ kind: 'symbol', value: match[3]! });
    index = pattern.lastIndex;
  }
  return tokens;
}

const functions = new Set(['min', 'max', 'ratio']);

/** Parse a formula; `knownNames` are the names it may read (anything else is an error naming it). */
export function parseFormula(text: string, knownNames: ReadonlySet<string>): Formula {
  const tokens = tokenize(text);
  let position = 0;
  const peek = () => tokens[position];
  const take = (symbol: string) => {
    const token = tokens[position];
    if (token?.kind === 'symbol' && token.value === symbol) {
      position++;
      return true;
    }
    return false;
  };
  const expect = (symbol: string) => {
    if (!take(symbol)) throw new FormulaError('formula_syntax', symbol);
  };

  function comparison(): Formula {
    let left = additive();
    for (;;) {
      const token = peek();
      if (token?.kind === 'symbol' && ['>', '<', '>=', '<='].includes(token.value)) {
        position++;
        left = { type: 'binary', operator: token.value as '>', left, right: additive() };
      } else return left;
    }
  }
  function additive(): Formula {
    let left = multiplicative();
    for (;;) {
      if (take('+')) left = { type: 'binary', operator: '+', left, right: multiplicative() };
      else if (take('-')) left = { type: 'binary', operator: '-', left, right: multiplicative() };
      else return left;
    }
  }
  function multiplicative(): Formula {
    let left = unary();
    for (;;) {
      if (take('*')) left = { type: 'binary', operator: '*', left, right: unary() };
      else if (take('/')) left = { type: 'binary', operator: '/', left, right: unary() };
      else return left;
    }
  }
  function unary(): Formula {
    if (take('-')) return { type: 'negate', operand: unary() };
    return primary();
  }
  function primary(): Formula {
    const token = tokens[position++];
    if (!token) throw new FormulaError('formula_syntax', 'end');
    if (token.kind === 'number') return { type: 'number', value: token.value };
    if (token.kind === 'name') {
      if (functions.has(token.value) && take('(')) {
        const args: Formula[] = [comparison()];
        while (take(',')) args.push(comparison());
        expect(')');
        if (token.value === 'ratio' && args.length !== 3) throw new FormulaError('formula_syntax', 'ratio(a, b, ifEmpty)');
        return { type: 'call', name: token.value as 'min', args };
      }
      if (!knownNames.has(token.value)) throw new FormulaError('formula_unknown_name', token.value);
      return { type: 'name', name: token.value };
    }
    if (token.value === '(') {
      const inner = comparison();
      expect(')');
      return inner;
    }
    throw new FormulaError('formula_syntax', token.value);
  }

  const formula = comparison();
  if (position !== tokens.length) throw new FormulaError('formula_syntax', String(tokens[position]!.value));
  return formula;
}

/** The formula's value for these measures (a division by zero is 0: an empty denominator counts nothing). */
export function evaluateFormula(formula: Formula, values: Readonly<Record<string, number>>): number {
  switch (formula.type) {
    case 'number':
      return formula.value;
    case 'name':
      return values[formula.name] ?? 0;
    case 'negate':
      return -evaluateFormula(formula.operand, values);
    case 'call': {
      const args = formula.args.map((arg) => evaluateFormula(arg, values));
      if (formula.name === 'min') return Math.min(...args);
      if (formula.name === 'max') return Math.max(...args);
      const [a, b, ifEmpty] = args as [number, number, number];
      return b === 0 ? ifEmpty : a / b;
    }
    case 'binary': {
      const left = evaluateFormula(formula.left, values);
      const right = evaluateFormula(formula.right, values);
      switch (formula.operator) {
        case '+': return left + right;
        case '-': return left - right;
        case '*': return left * right;
        case '/': return right === 0 ? 0 : left / right;
        case '>': return left > right ? 1 : 0;
        case '<': return left < right ? 1 : 0;
        case '>=': return left >= right ? 1 : 0;
        case '<=': return left <= right ? 1 : 0;
      }
    }
  }
}

/** The measure names a formula reads. */
export function namesIn(formula: Formula): string[] {
  switch (formula.type) {
    case 'number': return [];
    case 'name': return [formula.name];
    case 'negate': return namesIn(formula.operand);
    case 'call': return formula.args.flatMap(namesIn);
    case 'binary': return [...namesIn(formula.left), ...namesIn(formula.right)];
  }
}

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../server/messages/en.ts';
import { zhCN } from '../../server/messages/zh-cn.ts';

/**
 * Server messages are codes: a failure is `new Failure(code, params)`, a field problem
 * `problem(field, code, params)`, a custom zod issue names its code in `params.problem`. This test
 * reads the server's sources — all of them, server/import included — and fails on prose where a
 * code belongs.
 */
const root = path.resolve(import.meta.dirname, '../../server');

function sources(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Places where a message is prose: `[file:line] text`. */
function proseMessages(): string[] {
  const patterns: [string, RegExp][] = [
    // the deprecated constructor: new Failure('code', 'English text' | `template`)
    ['prose failure', /new Failure\(\s*'[a-z_]+'\s*,\s*['"`]/g],
    // a field problem written by hand with a message instead of a code
    ['prose field problem', /\{\s*field:\s*[^{}]*?,\s*message:/g],
    // a custom zod issue with a message and no code
    ['custom issue without a code', /addIssue\(\{\s*code:\s*'custom',\s*message:/g],
  ];
  const found: string[] = [];
  for (const file of sources(root)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const [kind, pattern] of patterns) {
      for (const match of text.matchAll(pattern)) {
        const line = text.slice(0, match.index).split('\n').length;
        found.push(`${kind}: ${path.relative(root, file)}:${line} ${match[0].slice(0, 80)}`);
      }
    }
    // .refine(check, 'prose') and .refine(check, { message: … }) make custom issues without a code
    for (const match of text.matchAll(/\.refine\(/g)) {
      const second = secondArgument(text, match.index + match[0].length);
      if (second !== undefined && !/^\{\s*params:\s*\{\s*problem:/.test(second)) {
        const line = text.slice(0, match.index).split('\n').length;
        found.push(`refinement without a code: ${path.relative(root, file)}:${line} ${second.slice(0, 60)}`);
      }
    }
  }
  return found;
}

/** The text of a call's second argument (from after `(`), or undefined when there is none. */
function secondArgument(text: string, start: number): string | undefined {
  let depth = 0;
  let quote: string | null = null;
  for (let index = start; index < text.length; index++) {
    const character = text[index]!;
    if (quote) {
      if (character === '\\') index++;
      else if (character === quote) quote = null;
      continue;
    }
    if (character === "'" || character === '"' || character === '`') quote = character;
    else if (character === '(' || character === '{' || character === '[') depth++;
    else if (character === ')' || character === '}' || character === ']') {
      if (depth === 0) return undefined;
      depth--;
    } else if (character === ',' && depth === 0) return text.slice(index + 1).trimStart();
  }
  return undefined;
}

describe('server messages are codes, not prose', () => {
  it('finds no prose failure, field problem or custom issue anywhere in the server', () => {
    expect(sources(root).length).toBeGreaterThan(150);
    expect(proseMessages()).toEqual([]);
  });

  it('would notice one: the patterns match the forms they forbid', () => {
    const samples = [
      "throw new Failure('conflict', 'The plan is already based on the live layout');",
      "throw new Failure('unprocessable', `Worker ${name} is not active`, { field: 'workerId' });",
      "problems.push({ field: 'to', message: 'to must be later than from' });",
      "context.addIssue({ code: 'custom', message: 'bbox must be four numbers' });",
      ".refine((ids) => new Set(ids).size === ids.length, 'a grid is named twice')",
    ];
    const file = path.join(root, '__prose-sample.ts');
    fs.writeFileSync(file, samples.join('\n'));
    try {
      expect(proseMessages().filter((entry) => entry.includes('__prose-sample.ts'))).toHaveLength(samples.length);
    } finally {
      fs.rmSync(file);
    }
  });

  it('has every catalogue group in both languages with the same keys', () => {
    for (const group of ['failures', 'problems', 'things', 'warnings', 'layoutProblems', 'notes', 'planStatusReasons'] as const) {
      expect(Object.keys(en[group]).sort(), group).toEqual(Object.keys(zhCN[group]).sort());
    }
  });

  it('renders every rule warning, layout problem and stored note in Chinese in zh-CN', () => {
    const hasHan = (text: string) => /\p{Script=Han}/u.test(text);
    const sample = { name: '凤梅1号网格', households: 120, minimum: 300, maximum: 500, parts: 2, residents: 4000, staff: 3, hasMarket: true,
      extraLow: 2, extraHigh: 3, code: '340104001001001', otherCode: '340104001001002', areaSquareMetres: 12.5, toleranceSquareMetres: 5,
      trackingCode: 'E20260615-000123', department: '市政', gridId: 7 };
    for (const group of ['warnings', 'layoutProblems', 'notes'] as const) {
      for (const [code, render] of Object.entries(zhCN[group])) {
        expect(hasHan((render as (params: unknown) => string)(sample)), `${group}.${code}`).toBe(true);
      }
    }
  });
});

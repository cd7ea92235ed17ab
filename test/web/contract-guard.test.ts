import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

/**
 * The web app takes the API's shapes from the contract (contract/*.ts), never from a copy of its
 * own, and talks to the API through the one client (web/src/api/http-client.ts). These checks read
 * the source, so a hand-written mirror or a second fetch wrapper fails the build the day it lands.
 */

const root = path.resolve(import.meta.dirname, '../..');

function sourceFiles(folder: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, folder), { withFileTypes: true })) {
    const relative = path.join(folder, entry.name);
    if (entry.isDirectory()) found.push(...sourceFiles(relative));
    else if (/\.(ts|tsx)$/.test(entry.name)) found.push(relative);
  }
  return found;
}

const contractFiles = sourceFiles('contract');
const webFiles = sourceFiles('web/src');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/** Every name the contract gives a shape: its exported types and its OpenAPI component names. */
function contractNames(): Set<string> {
  const names = new Set<string>();
  for (const file of contractFiles) {
    const text = read(file);
    for (const match of text.matchAll(/export\s+(?:type|interface)\s+([A-Z]\w*)/g)) names.add(match[1]!);
    for (const match of text.matchAll(/\.openapi\(\s*'([A-Z]\w*)'/g)) names.add(match[1]!);
  }
  return names;
}

/** Names the web once used for its own copies of server types: they must not come back under the old name either. */
const formerMirrors = [
  'CaseSummary', 'TimelineEvent', 'PlaceCard', 'ValidationReport', 'TargetOptions', 'RowProblem', 'WorkerRow', 'Assignments',
  'PlanSummary', 'KpiComparisonRow', 'ApiKeyRow', 'RiskSourceFeatureProperties', 'ReportResult', 'GridSummary',
];

/** Every type or interface a web file declares, with where. */
function webDeclarations(): { file: string; name: string }[] {
  const declared: { file: string; name: string }[] = [];
  for (const file of webFiles) {
    for (const match of read(file).matchAll(/^\s*(?:export\s+)?(?:declare\s+)?(?:type|interface)\s+([A-Z]\w*)/gm)) {
      declared.push({ file, name: match[1]! });
    }
  }
  return declared;
}

describe('the web app and the contract', () => {
  test('the contract names enough shapes for the check to mean something', () => {
    const names = contractNames();
    expect(names.size).toBeGreaterThan(100);
    for (const name of ['Case', 'GridProperties', 'PlanDetail', 'LookupResult', 'ImportReport', 'AssignmentGrid']) expect(names).toContain(name);
  });

  test('no web file declares a type named like one of the contract (a hand-written copy of a server type)', () => {
    const names = contractNames();
    const copies = webDeclarations().filter((declaration) => names.has(declaration.name));
    expect(copies).toEqual([]);
  });

  test('no web file brings back a former hand-written mirror under its old name', () => {
    const mirrors = webDeclarations().filter((declaration) => formerMirrors.includes(declaration.name));
    expect(mirrors).toEqual([]);
  });

  test('the web imports only types from the contract, except zod-free shared values (the incident-points codec, tile zooms)', () => {
    const runtimeImports: string[] = [];
    const valueModules = new Set<string>();
    for (const file of webFiles) {
      for (const match of read(file).matchAll(/^import\s+(?!type\b)([^;]*?)\s+from\s+'([^']*contract\/[^']+)'/gm)) {
        const target = path.relative(root, path.resolve(root, path.dirname(file), match[2]!));
        // a value import is allowed only from a module that pulls no zod (and so no schema) into the bundle
        if (!/from\s+'(zod|@hono\/zod-openapi)'/.test(read(target)) && !/^import\s+(?!type\b)/m.test(read(target))) {
          valueModules.add(target);
          continue;
        }
        runtimeImports.push(`${file}: ${match[0]}`);
      }
    }
    expect(runtimeImports).toEqual([]);
    expect([...valueModules].sort()).toEqual(['contract/incident-points-codec.ts', 'contract/tile-zooms.ts']);
  });

  test('the web never imports from server/ (shared code lives in contract/)', () => {
    const fromServer = webFiles.filter((file) => /from\s+'[^']*\/server\//.test(read(file)));
    expect(fromServer).toEqual([]);
  });

  test('only the one client calls fetch or sets the CSRF header', () => {
    // the basemap style may live on another origin (a style-url basemap), where the client's
    // same-origin credentials and language header would be wrong; the import upload is an XHR for its progress
    const allowed: Record<string, RegExp> = {
      'web/src/api/http-client.ts': /./,
      'web/src/map/basemap.ts': /fetch\(absolute\(options\.styleUrl\)/,
      'web/src/import/import-api.ts': /X-CSRF-Token', csrfToken\)/,
    };
    const offenders: string[] = [];
    for (const file of webFiles) {
      const lines = read(file).split('\n');
      lines.forEach((line, index) => {
        if (!/\bfetch\(|X-CSRF-Token|XMLHttpRequest\(/.test(line)) return;
        if (/^\s*(\/\/|\*)/.test(line)) return;
        const exemption = allowed[file];
        if (exemption && (file === 'web/src/api/http-client.ts' || exemption.test(line) || /new XMLHttpRequest\(\)/.test(line))) return;
        offenders.push(`${file}:${index + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  test('no API module decodes errors itself: ApiError is built only by the client', () => {
    const builders = webFiles.filter((file) => file !== 'web/src/api/http-client.ts' && /new ApiError\(/.test(read(file)));
    // the upload's network failure (XHR has no Response to decode) is the one exception
    expect(builders).toEqual(['web/src/import/import-api.ts']);
    expect(read('web/src/import/import-api.ts').match(/new ApiError\(/g)).toHaveLength(1);
  });
});

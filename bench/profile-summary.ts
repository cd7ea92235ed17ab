import fs from 'node:fs';

/** The parts of a V8 CPU profile (`.cpuprofile`, Chrome DevTools format) this summary reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * The functions with the most self time in a CPU profile, as a text table: share of the samples
 * that were not idle, and where the function is (package or file). Idle and the profiler's own
 * "(program)" ticks are left out of the shares so that what remains is the request handling.
 */
export function summariseProfile(profile: CpuProfile, top = 25): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicroseconds = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') return;
    const delta = profile.timeDeltas[index] ?? 0;
    busy += delta;
    const key = `${functionName || '(anonymous)'}  ${shortLocation(url)}${url ? `:${lineNumber + 1}` : ''}`;
    selfMicroseconds.set(key, (selfMicroseconds.get(key) ?? 0) + delta);
  });
  const rows = [...selfMicroseconds].sort((a, b) => b[1] - a[1]).slice(0, top);
  return rows.map(([key, micro]) => `  ${((100 * micro) / Math.max(busy, 1)).toFixed(1).padStart(5)} %  ${key}`).join('\n');
}

function shortLocation(url: string): string {
  if (!url) return '';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  const project = url.search(/\/(server|bench|contract|test)\//);
  return project >= 0 ? url.slice(project + 1) : url.replace(/^file:\/\//, '');
}

// `npx tsx bench/profile-summary.ts file.cpuprofile [top]`: the same table for a profile from `node --cpu-prof`
if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('Usage: npx tsx bench/profile-summary.ts FILE.cpuprofile [top]\n');
    process.exit(2);
  }
  process.stdout.write(`${summariseProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile, Number(top ?? 25))}\n`);
}

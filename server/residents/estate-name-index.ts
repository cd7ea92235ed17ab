import { pinyin } from 'pinyin-pro';
import type { Queryable } from '../db/connect.ts';

/** How long the list of estate names may be reused before the database is asked again. */
const freshnessWindowMilliseconds = 30_000;

/** An estate (小区 / 村) name with its pinyin, computed once when the name is first loaded. */
export interface EstateName {
  name: string;
  /** how many buildings it has: of two names that fit equally, the larger estate is likelier meant */
  buildingCount?: number;
  /** one entry per character: ['feng', 'mei', 'jia', 'yuan'] */
  syllables: string[];
}

/** How well a typed name fits an estate: 0 is the estate itself, higher is looser. */
export interface EstateMatch {
  name: string;
  rank: number;
  buildingCount: number;
}

/** Pinyin syllables of a name without tones, lower case; characters without pinyin keep themselves. */
export function syllablesOf(name: string): string[] {
  return pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true })
    .map((syllable) => syllable.toLowerCase().replace(/\s+/g, ''))
    .filter((syllable) => syllable.length > 0);
}

/**
 * Whether typed letters spell the syllables from `start` on, each syllable given in full or by
 * any prefix of it ("fmjy", "fengmeijiayuan", "fengmjy"). Answers how many syllables were used,
 * or -1. Backtracks, so "fengm" can read as feng+m or as f+…; names are short.
 */
function spell(letters: string, syllables: string[], start: number): number {
  if (letters.length === 0) return start;
  if (start >= syllables.length) return -1;
  const syllable = syllables[start]!;
  for (let length = Math.min(syllable.length, letters.length); length >= 1; length -= 1) {
    if (letters.slice(0, length) !== syllable.slice(0, length)) continue;
    const used = spell(letters.slice(length), syllables, start + 1);
    if (used >= 0) return used;
  }
  return -1;
}

/** How well `typed` (Chinese characters or pinyin letters) names `estate`; undefined when it does not. */
export function rankEstate(typed: string, estate: EstateName): number | undefined {
  if (typed.length === 0) return undefined;
  if (/^[a-z]+$/.test(typed)) {
    const full = estate.syllables.join('');
    const initials = estate.syllables.map((syllable) => syllable[0]).join('');
    if (typed === full || typed === initials) return 0;
    if (spell(typed, estate.syllables, 0) === estate.syllables.length) return 0;
    if (spell(typed, estate.syllables, 0) >= 0) return 1;
    for (let start = 1; start < estate.syllables.length; start += 1) if (spell(typed, estate.syllables, start) >= 0) return 3;
    return undefined;
  }
  const name = estate.name.replace(/\s+/g, '');
  if (typed === name) return 0;
  if (name.startsWith(typed)) return 1;
  if (name.includes(typed)) return 2;
  // the characters in order with gaps ("凤家园" for 凤梅家园): at least two, so one character is not an estate
  if (typed.length >= 2) {
    let position = 0;
    for (const character of name) if (character === typed[position]) position += 1;
    if (position === typed.length) return 3;
  }
  return undefined;
}

/**
 * The estate names of all buildings with their pinyin, held in memory so a resident's keystroke
 * never computes pinyin: a name's syllables are computed once when it first appears, and the
 * list of names is re-read at most every 30 seconds (imports add buildings rarely).
 */
export class EstateNameIndex {
  private estates: EstateName[] = [];
  /** pinyin of every name seen so far: a name's syllables are computed once per process */
  private readonly known = new Map<string, string[]>();
  private loadedAt = 0;
  private loading: Promise<void> | undefined;

  constructor(private readonly sql: Queryable) {}

  /** The estates a typed name points at, best first (several when it is ambiguous, e.g. "凤"). */
  async match(typed: string): Promise<EstateMatch[]> {
    await this.ensureFresh();
    const matches: EstateMatch[] = [];
    for (const estate of this.estates) {
      const rank = rankEstate(typed, estate);
      if (rank !== undefined) matches.push({ name: estate.name, rank, buildingCount: estate.buildingCount ?? 0 });
    }
    return matches.sort((a, b) => a.rank - b.rank || b.buildingCount - a.buildingCount || a.name.localeCompare(b.name, 'zh-CN'));
  }

  /** Forget the cached names (this process just added buildings). */
  invalidate(): void {
    this.loadedAt = 0;
  }

  private async ensureFresh(): Promise<void> {
    if (Date.now() - this.loadedAt < freshnessWindowMilliseconds && this.loadedAt > 0) return;
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    await this.loading;
  }

  private async load(): Promise<void> {
    const rows = await this.sql<{ complexName: string; buildingCount: number }[]>`
      select complex_name, count(*)::int as building_count
        from buildings where complex_name is not null and complex_name <> '' group by complex_name`;
    this.estates = rows.map(({ complexName, buildingCount }) => {
      let syllables = this.known.get(complexName);
      if (!syllables) {
        syllables = syllablesOf(complexName);
        this.known.set(complexName, syllables);
      }
      return { name: complexName, syllables, buildingCount };
    });
    this.loadedAt = Date.now();
  }
}

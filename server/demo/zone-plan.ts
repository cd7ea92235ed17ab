import type { LineSpecification } from './road-lattice.ts';
import type { SeededRandom } from './seeded-random.ts';

/**
 * The layout of one street office before any geometry: the road lines, which cell columns
 * belong to which community, how many grids each community gets, and which named complexes it
 * contains. Copy 0 is the example zone from the brief (双凤经济开发区: 徐桥 21 grids, 凤梅 20,
 * 凤霞 16). Larger scales add copies with the same structure and generated names, each with its
 * own street code, placed side by side.
 */
export type BuildingStyle = 'mid-rise' | 'small-high-rise' | 'high-rise';

export interface SitePlan {
  name: string;
  kind: 'resettlement' | 'commercial';
  style: BuildingStyle;
  widthCells: number;
  heightCells: number;
  /** Share of flats with a household living in them (new complexes are still filling). */
  occupancy: number;
}

export interface CommunityPlan {
  /** Three digits, unique within the street. */
  code: string;
  name: string;
  /** Inclusive cell-column range of the whole community. */
  westCellColumn: number;
  eastCellColumn: number;
  /** Cell columns at the west end that are farmland (the agricultural area), 0 for none. */
  ruralCellColumns: number;
  townGridCount: number;
  ruralGridCount: number;
  sites: SitePlan[];
  villageNames: string[];
}

export interface StreetPlan {
  copyIndex: number;
  countyCode: string;
  /** Nine digits: county + street. */
  code: string;
  name: string;
  /** Where the street's local origin (centre) lies. */
  origin: [number, number];
  columns: LineSpecification[];
  rows: LineSpecification[];
  /** Cell columns 0..ruralCellColumns-1 are the agricultural area. */
  ruralCellColumns: number;
  communities: CommunityPlan[];
  riverName: string;
}

/** Centre of the example zone: north of Hefei, roughly where 双凤 lies. */
export const exampleZoneCentre: [number, number] = [117.23, 31.86];
/** Size of one street's lattice in metres; copies are placed this far apart. */
export const streetWidthMetres = 4600;
export const streetHeightMetres = 3600;

/** County codes (GB/T 2260, Hefei) used in turn for the street codes of scaled copies. */
const countyCodes = ['340121', '340122', '340123', '340124', '340181', '340102', '340103', '340104', '340111'];

const copyStreetNames = ['岗集', '杜集', '水湖', '庄墓', '杨庙', '吴山', '造甲', '朱巷', '下塘', '罗塘', '义井', '左店', '陶楼', '龙岗', '车王', '北城', '三十头', '丰乐'];
const nameSyllablesFirst = ['和', '安', '新', '龙', '福', '瑞', '金', '华', '明', '康', '永', '兴', '桃', '杏', '梅', '兰', '竹', '荷', '锦', '翠'];
const nameSyllablesSecond = ['平', '宁', '丰', '泉', '苑', '湖', '山', '河', '园', '城', '林', '溪', '岗', '桥', '阳', '光', '塘', '圩', '岭', '滨'];
const complexSuffixes = ['花园', '家园', '苑', '新城', '雅居', '名都', '府', '佳苑', '公馆', '小区'];

const mainRowNames = ['北城大道', '凤霞路', '凤梅路', '徐桥路'];
const secondaryRowNames = ['兰亭路', '桃源路', '杏林路'];
const alleyRowNames = ['春晖路', '秋实路', '惠民路', '幸福路', '和顺路', '安居路', '金桂路', '银杏路', '紫薇路', '玉兰路', '海棠路', '丹桂路'];
const alleyColumnNames = ['青年路', '工业一路', '工业二路', '创业路', '科技路', '振兴路', '富民路', '明珠路', '金色路', '星城路', '荷塘路', '竹溪路'];
const villageNames = ['大徐庄', '小郢', '枣树郢', '王岗', '李家圩', '新河村', '张洼', '后湖郢', '孙小郢', '陈大郢', '刘老圩', '朱家湾'];

export function planStreet(copyIndex: number, random: SeededRandom): StreetPlan {
  const countyCode = countyCodes[copyIndex % countyCodes.length]!;
  const streetNumber = String(1 + Math.floor(copyIndex / countyCodes.length)).padStart(3, '0');
  const origin = copyOrigin(copyIndex);
  const isExample = copyIndex === 0;
  const roadNames = isExample ? undefined : random.fork('road names');
  const rows = planRows(random.fork('rows'), roadNames);
  const columns = planColumns(random.fork('columns'), roadNames);
  const names = isExample ? exampleNames : generatedNames(random.fork('names'), copyIndex);
  // cell columns: 0–2 farmland, 3–7 west community town, 8–13 middle, 14–18 east
  const communities: CommunityPlan[] = [
    {
      code: '001', name: names.communities[0]!, westCellColumn: 0, eastCellColumn: 7, ruralCellColumns: 3,
      townGridCount: 16, ruralGridCount: 5, villageNames: isExample ? villageNames : random.shuffle(villageNames),
      sites: [
        { name: names.sites[0]!, kind: 'resettlement', style: 'mid-rise', widthCells: 3, heightCells: 3, occupancy: 0.96 },
        { name: names.sites[1]!, kind: 'commercial', style: 'high-rise', widthCells: 2, heightCells: 3, occupancy: 0.86 },
        { name: names.sites[2]!, kind: 'commercial', style: 'small-high-rise', widthCells: 2, heightCells: 3, occupancy: 0.8 },
        { name: names.sites[3]!, kind: 'commercial', style: 'small-high-rise', widthCells: 2, heightCells: 2, occupancy: 0.74 },
      ],
    },
    {
      code: '002', name: names.communities[1]!, westCellColumn: 8, eastCellColumn: 13, ruralCellColumns: 0,
      townGridCount: 20, ruralGridCount: 0, villageNames: [],
      sites: [
        { name: names.sites[4]!, kind: 'resettlement', style: 'mid-rise', widthCells: 3, heightCells: 3, occupancy: 0.95 },
        { name: names.sites[5]!, kind: 'commercial', style: 'high-rise', widthCells: 2, heightCells: 3, occupancy: 0.88 },
        { name: names.sites[6]!, kind: 'commercial', style: 'small-high-rise', widthCells: 2, heightCells: 1, occupancy: 0.78 },
        { name: names.sites[7]!, kind: 'commercial', style: 'small-high-rise', widthCells: 2, heightCells: 3, occupancy: 0.82 },
        { name: names.sites[8]!, kind: 'commercial', style: 'small-high-rise', widthCells: 2, heightCells: 2, occupancy: 0.7 },
      ],
    },
    {
      code: '003', name: names.communities[2]!, westCellColumn: 14, eastCellColumn: 18, ruralCellColumns: 0,
      townGridCount: 16, ruralGridCount: 0, villageNames: [],
      sites: [
        { name: names.sites[9]!, kind: 'resettlement', style: 'mid-rise', widthCells: 3, heightCells: 3, occupancy: 0.95 },
        { name: names.sites[10]!, kind: 'commercial', style: 'small-high-rise', widthCells: 2, heightCells: 2, occupancy: 0.84 },
        { name: names.sites[11]!, kind: 'commercial', style: 'small-high-rise', widthCells: 3, heightCells: 2, occupancy: 0.8 },
        { name: names.sites[12]!, kind: 'commercial', style: 'small-high-rise', widthCells: 2, heightCells: 3, occupancy: 0.76 },
      ],
    },
  ];
  return {
    copyIndex,
    countyCode,
    code: countyCode + streetNumber,
    name: names.street,
    origin,
    columns,
    rows,
    ruralCellColumns: 3,
    communities,
    riverName: isExample ? '沙河' : `${random.fork('river').pick(nameSyllablesFirst)}河`,
  };
}

/**
 * The example zone's names. Sites are listed per community in plan order: 徐桥 gets 徐桥苑 and
 * 北城世纪城, 凤梅 gets 凤梅家园 and 恒泰阿奎利亚 — the two big complexes that push their
 * communities over the household limit — and 凤霞 gets 凤霞苑.
 */
const exampleNames = {
  street: '双凤经济开发区',
  communities: ['徐桥社区', '凤梅社区', '凤霞社区'],
  sites: [
    '徐桥苑', '北城世纪城', '丰大金色里程', '中澳花园',
    '凤梅家园', '恒泰阿奎利亚', '半岛一号', '力高共和城', '鸿路北辰明珠',
    '凤霞苑', '瑞龙花园', '润地星城', '金地雅苑',
  ],
};

/** The two complexes the brief names as outgrowing their community. */
export const oversizedComplexNames = ['北城世纪城', '恒泰阿奎利亚'];

function generatedNames(random: SeededRandom, copyIndex: number) {
  const base = copyStreetNames[(copyIndex - 1) % copyStreetNames.length]!;
  const round = Math.floor((copyIndex - 1) / copyStreetNames.length);
  const street = `${base}${round === 0 ? '' : round + 1}街道`;
  const used = new Set<string>();
  const twoSyllables = (): string => {
    for (;;) {
      const name = random.pick(nameSyllablesFirst) + random.pick(nameSyllablesSecond);
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };
  const communities = [0, 1, 2].map(() => `${twoSyllables()}社区`);
  const sites = Array.from({ length: 13 }, (_, index) =>
    [0, 4, 9].includes(index) ? `${twoSyllables()}安置小区` : twoSyllables() + random.pick(complexSuffixes),
  );
  return { street, communities, sites };
}

/** Copies fill a square-ish block, row by row, west→east then north→south. */
function copyOrigin(copyIndex: number): [number, number] {
  if (copyIndex === 0) return exampleZoneCentre;
  const perRow = 14;
  const column = copyIndex % perRow;
  const row = Math.floor(copyIndex / perRow);
  const [longitude, latitude] = exampleZoneCentre;
  const metresPerDegreeLongitude = 111_320 * Math.cos((latitude * Math.PI) / 180);
  return [longitude + (column * streetWidthMetres) / metresPerDegreeLongitude, latitude - (row * streetHeightMetres) / 110_574];
}

/** 19 east–west lines 200 m apart from y = +1800 (north) to −1800 (south). */
function planRows(random: SeededRandom, renamer: SeededRandom | undefined): LineSpecification[] {
  const alleyNames = renamer ? renamer.shuffle(alleyRowNames) : alleyRowNames;
  let alley = 0;
  return Array.from({ length: 19 }, (_, index) => {
    const nominal = 1800 - index * 200;
    if (index % 6 === 0) return { position: nominal, kind: 'main' as const, name: mainRowNames[index / 6]! };
    if (index % 6 === 3) return { position: nominal, kind: 'secondary' as const, name: secondaryRowNames[(index - 3) / 6]! };
    return { position: nominal + random.between(-25, 25), kind: 'alley' as const, name: alleyNames[alley++ % alleyNames.length]! };
  });
}

/**
 * 20 north–south lines: the farmland (杨庙路, a farm track, the river, 魏武路), then the town
 * between the main roads 魏武路, 双凤大道, 凤麟路 and 东环路.
 */
function planColumns(random: SeededRandom, renamer: SeededRandom | undefined): LineSpecification[] {
  const alleyNames = renamer ? renamer.shuffle(alleyColumnNames) : alleyColumnNames;
  let alley = 0;
  const alleyLine = (position: number): LineSpecification => ({
    position: position + random.between(-25, 25),
    kind: 'alley',
    name: alleyNames[alley++ % alleyNames.length]!,
  });
  const lines: LineSpecification[] = [
    { position: -2300, kind: 'secondary', name: '杨庙路' },
    { position: -1867, kind: 'rural', name: null },
    { position: -1433, kind: 'river', name: null },
    { position: -1000, kind: 'main', name: '魏武路' },
  ];
  for (const position of [-800, -600]) lines.push(alleyLine(position));
  lines.push({ position: -400, kind: 'secondary', name: '长乐路' });
  lines.push(alleyLine(-200));
  lines.push({ position: 0, kind: 'main', name: '双凤大道' });
  for (const position of [217, 433]) lines.push(alleyLine(position));
  lines.push({ position: 650, kind: 'secondary', name: '凤栖路' });
  for (const position of [867, 1083]) lines.push(alleyLine(position));
  lines.push({ position: 1300, kind: 'main', name: '凤麟路' });
  lines.push(alleyLine(1500));
  lines.push({ position: 1700, kind: 'secondary', name: '和平路' });
  for (const position of [1900, 2100]) lines.push(alleyLine(position));
  lines.push({ position: 2300, kind: 'main', name: '东环路' });
  return lines;
}

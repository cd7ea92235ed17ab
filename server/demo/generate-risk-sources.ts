import { cellCorners, pointInQuadrilateral, subQuadrilateral } from './cell-geometry.ts';
import type { RiskSourceKind, RiskSourceRow } from './demo-rows.ts';
import { fakeDutyLandline, fakeMobile, fakeName } from './fake-identity.ts';
import type { FloodProneSpot } from './flood-prone-spots.ts';
import type { StreetModel } from './generate-territory.ts';
import { pointAt, polygonFromQuadrilateral } from './geojson-shapes.ts';
import type { CellUse } from './land-use.ts';
import type { SeededRandom } from './seeded-random.ts';
import { addLocalDays, localDate } from '../time/zone.ts';
import { demoStartOfDay, demoTimeZone } from './working-time.ts';

/**
 * The risk-source register (风险源) for one street office: every gas station, LPG-using
 * restaurant, construction site, market, school, old building, chemical store and flood-prone
 * spot, each graded 1 重大 … 4 低, with its owner, how often it must be inspected, when it last
 * was (about a fifth are overdue) and the emergency plan (预案) that covers it.
 */
const inspectionCycleDaysByLevel = { 1: 7, 2: 15, 3: 30, 4: 90 } as const;

const emergencyPlans: Record<RiskSourceKind, string> = {
  gas_station: '《加油站火灾爆炸事故专项应急预案》：发现泄漏或起火，立即停止加油作业、切断总电源，疏散站内及周边50米人员，拨打119并报街道应急办；社区网格员协助设置警戒，引导车辆绕行。',
  lpg_user: '《液化石油气使用单位燃气泄漏处置预案》：闻到气味立即关闭钢瓶角阀，严禁开关电器和明火，开窗通风，人员撤离至室外，拨打燃气公司抢修电话；网格员每月检查软管、减压阀及报警器。',
  construction_site: '《建筑施工安全事故应急预案》：发生坍塌、高处坠落等事故，项目部立即组织抢救并报告住建部门和街道；扬尘超标时启动喷淋、覆盖裸土，夜间施工须持许可证。',
  market: '《农贸市场火灾及人员踩踏事故应急预案》：市场管理方负责疏散通道畅通，高峰时段安排专人值守；发生火情立即切断电源、组织疏散，社区与城管中队协同维持秩序。',
  school: '《校园周边安全应急预案》：上下学时段网格员、护校队在校门口值守，清理流动摊贩；发生突发事件时学校启动应急疏散，社区配合家长接送及秩序维护。',
  old_building: '《老旧房屋安全隐患处置预案》：发现墙体开裂、倾斜等险情，立即组织住户撤离、设置警戒，报街道城建部门鉴定；汛期、大风前逐户排查。',
  chemical_store: '《危险化学品泄漏事故应急预案》：发生泄漏立即上报应急管理部门，划定警戒区域，组织下风向人员疏散，严禁无关人员进入；企业每日巡检储存条件并登记台账。',
  flood_prone: '《城市内涝防范应急预案》：暴雨预警发布后，网格员到点值守，设置警示标志，必要时封闭下穿通道；排水管理所调派移动泵车排涝，转移低洼处群众。',
};

export function generateRiskSources(model: StreetModel, floodSpots: FloodProneSpot[], now: Date, random: SeededRandom): RiskSourceRow[] {
  const { plan, landUse, lattice, projection } = model;
  const rows: RiskSourceRow[] = [];
  const today = demoStartOfDay(now);
  const cells = landUse.cells.flat();
  const communityCodeOf = (cell: { column: number; row: number }) => model.grids[model.gridIndexByCell[cell.column]![cell.row]!]!.communityCode;
  const pointIn = (cell: CellUse, u: number, v: number) => pointAt(projection, pointInQuadrilateral(cellCorners(lattice, cell.column, cell.row), u, v));
  const add = (kind: RiskSourceKind, name: string, level: 1 | 2 | 3 | 4, geometry: RiskSourceRow['geometry'], communityCode: string, ownerName: string): void => {
    const cycle = inspectionCycleDaysByLevel[level];
    // most were inspected within their cycle; about one in five is overdue
    const daysAgo = random.chance(0.2) ? random.integer(cycle + 1, cycle * 2 + 10) : random.integer(0, cycle - 1);
    const inspectedOn = addLocalDays(localDate(today, demoTimeZone), -daysAgo);
    rows.push({
      name, kind, level, geometry, communityCode, ownerName,
      ownerPhone: random.chance(0.5) ? fakeDutyLandline(random) : fakeMobile(random),
      inspectionCycleDays: cycle,
      lastInspectedOn: inspectedOn,
      emergencyPlan: emergencyPlans[kind],
    });
  };
  const roadName = (cell: CellUse) => plan.rows[cell.row]!.name ?? plan.columns[cell.column]!.name ?? '';

  cells.filter((cell) => cell.gasStation).forEach((cell, index) => {
    add('gas_station', `中石化${roadName(cell)}加油站`, index === 0 ? 1 : 2, pointIn(cell, 0.12, 0.12), communityCodeOf(cell), '中国石化销售股份有限公司安徽合肥石油分公司');
  });
  const restaurantCells = cells.filter((cell) => cell.use === 'shops' || cell.use === 'market');
  const dishes = ['老乡鸡', '庐州烤鸭店', '板面馆', '牛肉汤馆', '龙虾馆', '农家菜馆', '小吃城', '大排档'];
  for (let index = 0; index < Math.min(12, restaurantCells.length * 2); index++) {
    const cell = random.pick(restaurantCells);
    const name = `${roadName(cell)}${random.pick(dishes)}`;
    add('lpg_user', `${name}（液化气用户）`, random.weighted([[2, 0.15], [3, 0.5], [4, 0.35]] as const), pointIn(cell, random.between(0.1, 0.9), random.between(0.05, 0.2)), communityCodeOf(cell), `${name}业主 ${fakeName(random, 'M')}`);
  }
  cells.filter((cell) => cell.use === 'construction').forEach((cell, index) => {
    const block = model.blocks[cell.column]![cell.row]!;
    add('construction_site', `${roadName(cell)}在建项目（${index + 1}标段）`, random.weighted([[1, 0.1], [2, 0.4], [3, 0.5]] as const), polygonFromQuadrilateral(projection, block), communityCodeOf(cell), random.pick(['中建八局第三建设有限公司', '安徽建工集团', '合肥城建发展股份有限公司', '安徽水安建设集团']));
  });
  cells.filter((cell) => cell.use === 'market').forEach((cell) => {
    const community = plan.communities[cell.communityIndex]!;
    const block = model.blocks[cell.column]![cell.row]!;
    add('market', `${community.name.replace(/社区$/, '')}农贸市场`, random.weighted([[2, 0.5], [3, 0.5]] as const), polygonFromQuadrilateral(projection, subQuadrilateral(block, 0.15, 0.85, 0.1, 0.8)), communityCodeOf(cell), `${community.name.replace(/社区$/, '')}农贸市场管理有限公司`);
  });
  cells.filter((cell) => cell.use === 'school').forEach((cell, index) => {
    const community = plan.communities[cell.communityIndex]!;
    const block = model.blocks[cell.column]![cell.row]!;
    add('school', `${community.name.replace(/社区$/, '')}${index % 2 === 0 ? '小学' : '初级中学'}`, random.weighted([[2, 0.4], [3, 0.6]] as const), polygonFromQuadrilateral(projection, block), communityCodeOf(cell), `校长 ${fakeName(random, random.chance(0.5) ? 'F' : 'M')}`);
  });
  // old buildings: village houses and the oldest resettlement blocks
  const oldBuildingCells = cells.filter((cell) => cell.use === 'village' || (cell.use === 'site' && plan.communities[cell.communityIndex]!.sites[cell.siteIndex!]!.kind === 'resettlement'));
  for (let index = 0; index < Math.min(6, oldBuildingCells.length); index++) {
    const cell = random.pick(oldBuildingCells);
    const label = cell.use === 'village' ? `${cell.villageName ?? ''}老旧民房` : `${plan.communities[cell.communityIndex]!.sites[cell.siteIndex!]!.name}早期安置楼`;
    add('old_building', label, random.weighted([[1, 0.15], [2, 0.3], [3, 0.35], [4, 0.2]] as const), pointIn(cell, random.between(0.2, 0.8), random.between(0.2, 0.8)), communityCodeOf(cell), cell.use === 'village' ? `户主 ${fakeName(random, 'M')}` : '物业服务中心');
  }
  const industrialCells = cells.filter((cell) => cell.use === 'industrial');
  for (let index = 0; index < Math.min(3, industrialCells.length); index++) {
    const cell = random.pick(industrialCells);
    add('chemical_store', `${random.pick(['双凤化工', '华源涂料', '江淮化学试剂', '恒信气体'])}仓库`, index === 0 ? 1 : random.weighted([[1, 0.3], [2, 0.7]] as const), pointIn(cell, random.between(0.2, 0.8), random.between(0.3, 0.8)), communityCodeOf(cell), `${random.pick(['双凤化工有限公司', '华源涂料有限公司', '恒信工业气体有限公司'])}`);
  }
  floodSpots.forEach((spot, index) => {
    const cell = landUse.cells[spot.column]![spot.row]!;
    add('flood_prone', spot.name, index === 0 ? 2 : random.weighted([[2, 0.3], [3, 0.4], [4, 0.3]] as const), pointIn(cell, spot.u, spot.v), communityCodeOf(cell), '排水管理所');
  });
  // the register should show all four colours: promote or demote one source per missing level
  for (const level of [1, 2, 3, 4] as const) {
    if (rows.some((row) => row.level === level)) continue;
    const candidate = rows.find((row) => rows.filter((other) => other.level === row.level).length > 1);
    if (candidate) {
      candidate.level = level;
      candidate.inspectionCycleDays = inspectionCycleDaysByLevel[level];
    }
  }
  // two sources of one name (two stations on one road) cannot be told apart in the register:
  // the second and later get a number (中石化海棠路加油站（二号）)
  const seen = new Map<string, number>();
  for (const row of rows) {
    const count = (seen.get(row.name) ?? 0) + 1;
    seen.set(row.name, count);
    if (count > 1) row.name = `${row.name}（${chineseOrdinals[count] ?? count}号）`;
  }
  return rows;
}

const chineseOrdinals: Record<number, string> = { 2: '二', 3: '三', 4: '四', 5: '五', 6: '六', 7: '七', 8: '八', 9: '九' };
